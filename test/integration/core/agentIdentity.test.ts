/**
 * Which agent runs in a pane, on real tmux and real processes: a program
 * launched like an agent (its argv names it), the LOOPWATCH_AGENT hint in a
 * wrapper's environment, the @loopwatch-agent option, an unknown program
 * (generic rules only), and a user's rule file applied live.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { AGENTS, FIXTURES, supervise, type Supervised } from '../../helpers/supervise';

const SCREENS = join(FIXTURES, 'screens');
const SHOW = join(AGENTS, 'show-screen.sh');

describe('agent identification (real tmux, real process trees)', () => {
  let sandbox: Sandbox;
  let s: Supervised;
  let agentsDir: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    agentsDir = join(sandbox.env.XDG_CONFIG_HOME!, 'loopwatch', 'agents');
    await mkdir(agentsDir, { recursive: true });
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'keeper',
      '--',
      'bash',
      join(AGENTS, 'idle.sh'),
    ]);
    s = await supervise(sandbox);
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  const start = (name: string, args: string[], extra: string[] = []): Promise<string> =>
    sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '120',
      '-y',
      '40',
      ...extra,
      '--',
      ...args,
    ]);

  it('a node script whose argv names gemini, run from a shell: gemini, and its dialog is waiting', async () => {
    const screen = join(SCREENS, 'gemini', 'synthetic', 'waiting--shell-permission.txt');
    // A login shell runs it, as a person would: the agent is a child of the pane's process.
    await start('gem', [
      'bash',
      '-c',
      `${JSON.stringify(join(AGENTS, 'bin', 'gemini'))} ${JSON.stringify(screen)}; exec sleep 600`,
    ]);
    const waiting = await s.reach('gem', 'waiting');
    expect(waiting).toMatchObject({
      agent: 'gemini',
      reason: 'Gemini permission prompt: Allow execution of [Shell]?',
    });
    expect(waiting.evidence[0]).toMatchObject({
      rank: 'screen',
      signal: 'screen:gemini-permission',
    });
  });

  it("LOOPWATCH_AGENT in the pane environment names a wrapper's agent", async () => {
    const screen = join(SCREENS, 'codex', 'synthetic', 'waiting--command-approval.txt');
    await start('wrapped', ['bash', SHOW, screen], ['-e', 'LOOPWATCH_AGENT=codex']);
    const waiting = await s.reach('wrapped', 'waiting');
    expect(waiting).toMatchObject({
      agent: 'codex',
      reason: 'Codex approval: git push --force origin main',
    });
  });

  it('the @loopwatch-agent tmux option names the agent', async () => {
    const screen = join(SCREENS, 'opencode', 'synthetic', 'waiting--bash-permission.txt');
    // The option is set before the program draws (a pane option on a session made for it).
    await start('optioned', [
      'bash',
      '-c',
      `read -r _; exec bash ${JSON.stringify(SHOW)} ${JSON.stringify(screen)}`,
    ]);
    await sandbox.tmux(['set-option', '-p', '-t', '=optioned:', '@loopwatch-agent', 'opencode']);
    await sandbox.tmux(['send-keys', '-t', '=optioned:', 'Enter']);
    const waiting = await s.reach('optioned', 'waiting');
    expect(waiting).toMatchObject({
      agent: 'opencode',
      reason: 'OpenCode permission prompt: # Run the test suite',
    });
  });

  it("an unknown program gets the generic rules only: another agent's dialog is not its question", async () => {
    const screen = join(SCREENS, 'gemini', 'synthetic', 'waiting--shell-permission.txt');
    await start('plain', ['bash', SHOW, screen]);
    // Its output has stopped: the activity signal goes quiet, and no screen rule speaks.
    await s.reach('plain', 'idle');
    const plain = s.named('plain')!;
    expect(plain.agent ?? null).toBeNull();
    expect(plain.evidence.some((e) => e.rank === 'screen')).toBe(false);
  });

  it("a user's rule file adds an agent, live", async () => {
    const screen = join(FIXTURES, 'screens', 'generic', 'synthetic', 'idle--python-repl.txt');
    await start('toy', ['bash', SHOW, screen], ['-e', 'LOOPWATCH_AGENT=toy']);
    await eventually(() => s.named('toy')?.status === 'idle', 'toy to settle', 20_000);
    await writeFile(
      join(agentsDir, 'toy.json'),
      JSON.stringify({
        id: 'toy',
        name: 'Toy',
        version: '0.1.0',
        rules: [
          {
            id: 'toy-repl',
            state: 'waiting',
            priority: 900,
            region: { kind: 'lastLines', lines: 1 },
            match: { lineRegex: '^>>>\\s?$' },
            reason: 'Toy waits at its REPL',
          },
        ],
      }),
    );
    const waiting = await s.reach('toy', 'waiting');
    expect(waiting).toMatchObject({ agent: 'toy', reason: 'Toy waits at its REPL' });
  });
});

/**
 * `loopwatch explain`, against a real tmux pane and against screen files:
 * the deciding rule, its matched text, every rule's verdict, the manifest.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import type { Explanation } from '../../../main/core/status/explain';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { AGENTS, FIXTURES } from '../../helpers/supervise';

const SCREENS = join(FIXTURES, 'screens');

async function cli(
  sandbox: Sandbox,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: sandbox.env,
    untilInterrupted: () => Promise.resolve(),
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('loopwatch explain (real tmux)', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('explains a screen file with --agent and --title, as JSON and as text', async () => {
    const file = join(SCREENS, 'codex', 'synthetic', 'waiting--question-form.txt');
    const json = await cli(sandbox, ['explain', '--file', file, '--agent', 'codex', '--json']);
    expect(json.code).toBe(0);
    const e = JSON.parse(json.out) as Explanation;
    expect(e).toMatchObject({
      pane: 'file',
      agent: 'codex',
      status: 'waiting',
      rule: 'codex-question',
      manifest: { id: 'codex', version: '1.1.0', origin: 'built-in' },
      reason: 'Codex asks: Which database should the service use?',
    });
    // Every rule of Codex's manifest and the generic one, each with its verdict.
    expect(e.rules.map((r) => r.rule)).toContain('codex-busy');
    expect(e.rules.find((r) => r.rule === 'codex-busy')).toMatchObject({
      matched: true,
      text: expect.stringContaining('esc to interrupt'),
    });
    expect(e.rules.find((r) => r.rule === 'codex-approval')?.matched).toBe(false);
    const text = await cli(sandbox, ['explain', '--file', file, '--agent', 'codex']);
    expect(text.out).toMatch(/^rule +codex-question$/m);
    expect(text.out).toMatch(/^DECIDED +codex\/codex-question +waiting +880 /m);

    const titled = await cli(sandbox, [
      'explain',
      '--file',
      join(SCREENS, 'gemini', 'synthetic', 'waiting--title-only.txt'),
      '--agent',
      'gemini-cli',
      '--title',
      '✋  Action Required (project)',
      '--json',
    ]);
    expect(JSON.parse(titled.out)).toMatchObject({ rule: 'gemini-title-action', agent: 'gemini' });
  });

  it('refuses an unknown agent and a missing file with a clear message', async () => {
    const unknown = await cli(sandbox, ['explain', '--file', '/dev/null', '--agent', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown agent "nope" \(known: claude, codex/);
    const missing = await cli(sandbox, ['explain', '--file', join(sandbox.root, 'none.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/none\.txt/);
  });

  it('explains a live session: its pane captured, its agent identified', async () => {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'asks',
      '-x',
      '120',
      '-y',
      '30',
      '--',
      'bash',
      join(AGENTS, 'claude-prompt.sh'),
      '0',
      '0',
    ]);
    // The fixture draws its dialog at once; wait until it is on screen.
    await eventually(
      async () =>
        (await sandbox.tmux(['capture-pane', '-p', '-t', '=asks:'])).includes(
          'Do you want to proceed?',
        ),
      'the dialog on screen',
    );
    const run = await cli(sandbox, ['explain', 'asks', '--json']);
    expect(run.code).toBe(0);
    const e = JSON.parse(run.out) as Explanation;
    expect(e).toMatchObject({
      agent: 'claude',
      agentVia: expect.stringMatching(/^LOOPWATCH_AGENT=claude in the environment of process \d+$/),
      status: 'waiting',
      rule: 'claude-permission',
      reason: 'Permission prompt: Bash(rm -rf build)',
      matched: expect.stringContaining('Do you want to proceed?'),
    });
    const none = await cli(sandbox, ['explain', 'nosuch']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no session named "nosuch"/);
  });
});

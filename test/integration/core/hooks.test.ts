/**
 * Agent hooks: `loopwatch hook` run inside a tmux pane (so $TMUX and
 * $TMUX_PANE are tmux's own), its event delivered to the running
 * supervisor over its Unix socket.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopwatchRuntimeDir } from '../../../main/core/paths';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { FIXTURES, supervise, WAIT_MS, type Supervised } from '../../helpers/supervise';

const TSX = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
const HOOK = join(FIXTURES, 'loopwatch-hook.ts');

/** A shell word: single quotes, for a command line typed into a test pane. */
function q(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Run `loopwatch hook` outside tmux; resolves with its exit code and output. */
function runHook(
  env: NodeJS.ProcessEnv,
  args: string[],
  stdin: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [HOOK, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

describe('agent hooks through `loopwatch hook`', () => {
  let sandbox: Sandbox;
  let s: Supervised;
  let lonely: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    lonely = join(sandbox.root, 'lonely-project');
    await mkdir(lonely, { recursive: true });
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'agent',
      '-x',
      '120',
      '-y',
      '30',
      '--',
      'bash',
      '--norc',
      '--noprofile',
    ]);
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'by-cwd',
      '-c',
      lonely,
      '--',
      'bash',
      '--norc',
      '--noprofile',
    ]);
    s = await supervise(sandbox);
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  it('listens on a private socket in the runtime dir (dir 0700, socket 0600)', async () => {
    const dir = loopwatchRuntimeDir(sandbox.env);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const sockets = (await readdir(dir)).filter((n) => /^hook-\d+-[0-9a-f]+\.sock$/.test(n));
    expect(sockets).toHaveLength(1);
    expect((await stat(join(dir, sockets[0]!))).mode & 0o777).toBe(0o600);
    expect(s.supervisor.hookError).toBeNull();
  });

  it('a PermissionRequest hook run in the pane makes its session waiting, naming the tool call', async () => {
    const event = JSON.stringify({
      session_id: 'abc',
      cwd: '/somewhere/else',
      hook_event_name: 'PermissionRequest',
      tool_name: 'Bash',
      tool_input: { command: 'rm -rf build' },
    });
    await sandbox.tmux([
      'send-keys',
      '-t',
      '=agent:',
      '-l',
      `printf '%s' ${q(event)} | ${q(TSX)} ${q(HOOK)}; echo "hook exit $?"`,
    ]);
    await sandbox.tmux(['send-keys', '-t', '=agent:', 'Enter']);
    const waiting = await s.reach('agent', 'waiting');
    expect(waiting).toMatchObject({
      reason: 'Permission prompt: Bash(rm -rf build)',
      agent: 'claude',
    });
    expect(waiting.evidence[0]).toMatchObject({ rank: 'agent', signal: 'hook:PermissionRequest' });
    // It printed nothing and exited 0 (what the agent would see).
    await eventually(
      async () =>
        /^hook exit 0$/m.test(await sandbox.tmux(['capture-pane', '-p', '-t', '=agent:'])),
      'the hook to exit 0',
      WAIT_MS,
    );
    // -J joins the wrapped command line, so the filter below drops all of it.
    const screen = await sandbox.tmux(['capture-pane', '-p', '-J', '-t', '=agent:']);
    expect(
      screen.split('\n').filter((l) => l.trim() !== '' && !/hook exit|printf/.test(l)),
    ).toEqual(expect.not.arrayContaining([expect.stringMatching(/error|loopwatch/i)]));
  });

  it('Stop ends the turn: idle', async () => {
    const event = JSON.stringify({
      session_id: 'abc',
      hook_event_name: 'Stop',
      stop_hook_active: false,
    });
    await sandbox.tmux([
      'send-keys',
      '-t',
      '=agent:',
      '-l',
      `printf '%s' ${q(event)} | ${q(TSX)} ${q(HOOK)}`,
    ]);
    await sandbox.tmux(['send-keys', '-t', '=agent:', 'Enter']);
    expect((await s.reach('agent', 'idle')).reason).toBe('Claude Code finished its turn');
  });

  it('without $TMUX, the event finds its pane by its cwd', async () => {
    const env = { ...sandbox.env };
    delete env.TMUX;
    delete env.TMUX_PANE;
    const event = JSON.stringify({
      hook_event_name: 'Notification',
      notification_type: 'elicitation_dialog',
      message: 'Which branch?',
      cwd: lonely,
    });
    const result = await runHook(env, [], event);
    expect(result).toEqual({ code: 0, out: '' });
    expect((await s.reach('by-cwd', 'waiting')).reason).toBe('Question: Which branch?');
  });

  it("Codex's notify form", async () => {
    const result = await runHook(
      { ...sandbox.env, TMUX: undefined, TMUX_PANE: undefined },
      ['--codex', JSON.stringify({ type: 'agent-turn-complete', 'turn-id': '1', cwd: lonely })],
      '',
    );
    expect(result).toEqual({ code: 0, out: '' });
    expect(await s.reach('by-cwd', 'idle')).toMatchObject({
      reason: 'Codex finished its turn',
      agent: 'codex',
    });
  });

  it("Gemini CLI's hooks (`hook --agent gemini`, its own event names, no $TMUX): found by cwd", async () => {
    const env = { ...sandbox.env, TMUX: undefined, TMUX_PANE: undefined };
    const event = JSON.stringify({
      hook_event_name: 'Notification',
      notification_type: 'ToolPermission',
      message: 'Allow execution of [Shell]?',
      session_id: 's1',
      cwd: lonely,
    });
    expect(await runHook(env, ['--agent', 'gemini'], event)).toEqual({ code: 0, out: '' });
    expect(await s.reach('by-cwd', 'waiting')).toMatchObject({
      reason: 'Gemini permission prompt: Allow execution of [Shell]?',
      agent: 'gemini',
    });
    const after = JSON.stringify({ hook_event_name: 'AfterAgent', session_id: 's1', cwd: lonely });
    expect(await runHook(env, ['--agent', 'gemini'], after)).toEqual({ code: 0, out: '' });
    expect((await s.reach('by-cwd', 'idle')).reason).toBe('Gemini CLI finished its turn');
  });

  it('with no supervisor running it still exits 0 and prints nothing; garbage too', async () => {
    const env = { ...sandbox.env, XDG_RUNTIME_DIR: join(sandbox.root, 'no-runtime') };
    expect(await runHook(env, [], '{"hook_event_name":"Stop"}')).toEqual({ code: 0, out: '' });
    expect(await runHook(sandbox.env, [], '\u0000not json at all')).toEqual({ code: 0, out: '' });
    expect(s.named('agent')?.status).toBe('idle');
  });
});

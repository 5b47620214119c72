import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSchema, type Snapshot } from '../../../preload/contract';
import { runCli } from '../../../main/cli';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { nudgeTmuxServer } from '../../helpers/fakeProject';

const run = promisify(execFile);

/** Names users really produce, and the ones that break naive tools. */
const AWKWARD = [
  'with space',
  `it's "quoted"`,
  '$(touch pwned)',
  'ünï—cødé ✓',
  '-leading-dash',
  'pipeline-auth',
];

async function list(
  sandbox: Sandbox,
  args: string[] = [],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['list', ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: sandbox.env,
    untilInterrupted: () => Promise.resolve(),
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('loopwatch list (real tmux, private sockets)', () => {
  let sandbox: Sandbox;
  /** Unset when beforeAll failed before making it. */
  let fake: Server | undefined;

  beforeAll(async () => {
    sandbox = await createSandbox();
    for (const name of AWKWARD)
      await sandbox.tmux(['new-session', '-d', '-s', name, '-x', '100', '-y', '30']);
    await sandbox.tmux(['new-session', '-d', '-s', 'second-server', 'sleep 600'], 'named');
    await sandbox.tmux(['set-option', '-g', 'remain-on-exit', 'on'], 'named');
    await sandbox.tmux(['new-session', '-d', '-s', 'exits-3', 'exit 3'], 'named');
    // tmux marks the pane dead on end of output, before it has reaped the
    // process: wait until it knows the exit status too, which `list` reports.
    // Debian's tmux can miss the pane's SIGCHLD altogether (see
    // nudgeTmuxServer): send another while waiting.
    await eventually(async () => {
      await nudgeTmuxServer(sandbox, 'named');
      const status = await sandbox.tmux(
        ['display-message', '-p', '-t', '=exits-3:', '#{pane_dead}:#{pane_dead_status}'],
        'named',
      );
      return status.trim() === '1:3';
    }, 'the pane of exits-3 to exit with status 3');
    // A socket that is not tmux at all, in the tmux socket dir.
    const server = createServer((c) => c.destroy());
    fake = server;
    await new Promise<void>((resolve) =>
      server.listen(join(sandbox.socketDir, 'not-tmux'), resolve),
    );
  });

  afterAll(async () => {
    const server = fake;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await sandbox.cleanup();
  });

  it('lists every session of every server with its facts (--json, the contract shape)', async () => {
    const result = await list(sandbox, ['--json']);
    expect(result.code).toBe(0);
    const snapshot: Snapshot = SnapshotSchema.parse(JSON.parse(result.out));
    for (const name of AWKWARD) {
      const session = snapshot.sessions.find((s) => s.name === name);
      expect(session, name).toBeDefined();
      expect(session).toMatchObject({
        socket: sandbox.socket(),
        windows: 1,
        attachedClients: 0,
        live: true,
      });
      expect(session!.createdAt).not.toBeNull();
      expect(session!.panes[0]).toMatchObject({ dead: false, exitStatus: null });
      expect(session!.panes[0]!.pid).toBeGreaterThan(0);
      expect(session!.panes[0]!.currentCommand).not.toBe('');
    }
    expect(snapshot.sessions.find((s) => s.name === 'pipeline-auth')?.source).toBe('pipeline');
    const exited = snapshot.sessions.find((s) => s.name === 'exits-3');
    expect(exited).toMatchObject({ socket: sandbox.socket('named'), status: 'crashed' });
    expect(exited!.panes[0]).toMatchObject({ dead: true, exitStatus: 3 });
  });

  it('never ran the $() in a session name', async () => {
    await expect(run('test', ['-e', join(sandbox.root, 'pwned')])).rejects.toBeTruthy();
    await expect(run('test', ['-e', 'pwned'])).rejects.toBeTruthy();
  });

  it('counts a human client, not our own control clients', async () => {
    const snapshot = SnapshotSchema.parse(JSON.parse((await list(sandbox, ['--json'])).out));
    expect(snapshot.sessions.every((s) => s.attachedClients === 0)).toBe(true);
  });

  it('lists a socket that is not a tmux server under servers, with its error, and succeeds', async () => {
    const result = await list(sandbox, ['--json']);
    expect(result.code).toBe(0);
    const snapshot = SnapshotSchema.parse(JSON.parse(result.out));
    const fakeServer = snapshot.servers.find((s) => s.socket.endsWith('not-tmux'));
    expect(fakeServer).toMatchObject({ state: 'error', sessionCount: 0 });
    expect(fakeServer!.error).toMatch(/not-tmux/);
    expect(snapshot.servers.find((s) => s.socket === sandbox.socket())?.state).toBe('up');
  });

  it('takes extra sockets with --socket and prints a readable table', async () => {
    const elsewhere = join(sandbox.root, 'elsewhere.sock');
    await sandbox.tmuxAt(elsewhere, ['new-session', '-d', '-s', 'far-away']);
    const result = await list(sandbox, ['--socket', elsewhere]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^SESSION\s+SOURCE\s+AGENT\s+STATUS\s+REASON\s+FLAGS\s+ITERATION\s+LOCK\s+SERVER\s+CREATED\s+ATTACHED\s+WINDOWS\s+PANES/,
    );
    expect(result.out).toContain('far-away');
    expect(result.out).toContain('$(touch pwned)');
    expect(result.out).toMatch(/exits-3\s+plain\s+-\s+crashed/);
    await sandbox.tmuxAt(elsewhere, ['kill-server']);
  });

  it('reports a server killed under it as an error entry, not a crash', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'doomed'], 'doomed');
    const pid = Number((await sandbox.tmux(['display-message', '-p', '#{pid}'], 'doomed')).trim());
    process.kill(pid, 'SIGKILL');
    const result = await list(sandbox, ['--json']);
    expect(result.code).toBe(0);
    const snapshot = SnapshotSchema.parse(JSON.parse(result.out));
    expect(snapshot.servers.find((s) => s.socket === sandbox.socket('doomed'))).toMatchObject({
      state: 'down',
      error: expect.stringMatching(/no tmux server is listening/),
    });
    expect(snapshot.sessions.find((s) => s.name === 'doomed')).toBeUndefined();
    expect(result.out).toContain('with space');
  });
});

/**
 * The attacks of issue 14 on a shared machine, replayed: another user's
 * tmux server planted in the tmux skill's shared socket dir, a foreign
 * socket in our own dir, a runtime dir another user created first, and an
 * attach to a foreign server. "Another user" is a real foreign owner: the
 * files are chowned to a uid that is not ours (root can; CI runs as root).
 */
import { chmod, chown, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { snapshotOnce } from '../../../main/core/snapshotOnce';
import { HookServer } from '../../../main/core/sources/hooks/hookServer';
import { deliverHookLine } from '../../../main/core/sources/hooks/hookClient';
import { trustedRuntimeDirs } from '../../../main/core/sources/hooks/runtimeDir';
import type { HookMessage } from '../../../main/core/sources/hooks/hookEvent';
import { TmuxSkillSource } from '../../../main/core/sources/tmuxSkill/skillSource';
import { scanServers } from '../../../main/core/tmux/scanServers';
import { createOpenTerminal } from '../../../main/pty/openTerminal';
import { sampleSession } from '../../helpers/samples';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, type Supervised } from '../../helpers/supervise';

const ME = process.getuid?.() ?? 0;
/** Another user's uid: lstat reports the number whether or not an account has it. */
const OTHER = ME === 1001 ? 1002 : 1001;
const NOT_YOURS = `owned by uid ${OTHER}: not yours, ignored`;

describe.runIf(ME === 0)('ownership before trust (files chowned to another uid)', () => {
  let sandbox: Sandbox;
  let s: Supervised;
  let sharedDir: string;
  let ownDir: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    // Our own session on the default server: still found.
    await sandbox.tmux(['new-session', '-d', '-s', 'mine', '--', 'sleep', '600']);
    // The skill's shared dir, created first by another user, with their server in it.
    sharedDir = join(sandbox.env.TMPDIR!, 'claude-tmux-sockets');
    await mkdir(sharedDir, { recursive: true });
    await sandbox.tmuxAt(join(sharedDir, 'planted'), [
      'new-session',
      '-d',
      '-s',
      'planted',
      '--',
      'sleep',
      '600',
    ]);
    await chown(join(sharedDir, 'planted'), OTHER, OTHER);
    await chown(sharedDir, OTHER, OTHER);
    // Our own skill dir ($CLAUDE_TMUX_SOCKET_DIR) with a foreign socket planted in it.
    ownDir = join(sandbox.root, 'own-skill-dir');
    await mkdir(ownDir, { recursive: true });
    await sandbox.tmuxAt(join(ownDir, 'intruder'), [
      'new-session',
      '-d',
      '-s',
      'intruder',
      '--',
      'sleep',
      '600',
    ]);
    await chown(join(ownDir, 'intruder'), OTHER, OTHER);
    sandbox.env.CLAUDE_TMUX_SOCKET_DIR = ownDir;
    s = await supervise(sandbox, { hooks: false });
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  it("never lists another user's sessions, and says why their servers were refused", () => {
    expect(s.named('mine')).toBeDefined();
    expect(s.named('planted')).toBeUndefined();
    expect(s.named('intruder')).toBeUndefined();
    const servers = s.supervisor.servers();
    expect(servers.find((x) => x.socket === join(sharedDir, 'planted'))).toMatchObject({
      state: 'error',
      error: `in ${sharedDir}, which is ${NOT_YOURS}`,
      sessionCount: 0,
    });
    expect(servers.find((x) => x.socket === join(ownDir, 'intruder'))).toMatchObject({
      state: 'error',
      error: NOT_YOURS,
    });
  });

  it('the one-shot scan the actions use refuses them the same way', async () => {
    const scans = await scanServers(sandbox.env, [join(sharedDir, 'planted')]);
    expect(scans.find((x) => x.socket === join(sharedDir, 'planted'))).toMatchObject({
      state: 'error',
      error: `in ${sharedDir}, which is ${NOT_YOURS}`,
      sessions: [],
    });
    expect(scans.find((x) => x.socket === sandbox.socket())?.sessions.map((x) => x.name)).toEqual([
      'mine',
    ]);
  });

  it('`loopwatch list` (one-shot) lists the refusal, never the sessions', async () => {
    const snapshot = await snapshotOnce({ env: sandbox.env });
    expect(snapshot.sessions.map((x) => x.name)).toEqual(['mine']);
    expect(snapshot.servers.find((x) => x.socket === join(sharedDir, 'planted'))).toMatchObject({
      state: 'error',
      error: `in ${sharedDir}, which is ${NOT_YOURS}`,
    });
  });

  it('a registry another user wrote is refused with why; its entries are not used', async () => {
    const registry = join(ownDir, '.sessions.json');
    await writeFile(
      registry,
      JSON.stringify({ version: '1.0', sessions: { evil: { socket: sandbox.socket() } } }),
    );
    await chown(registry, OTHER, OTHER);
    const source = new TmuxSkillSource(sandbox.env, true);
    try {
      await source.start();
      expect(source.entries()).toEqual([]);
      expect(source.problems()).toContainEqual({ registry, error: `${registry}: ${NOT_YOURS}` });
    } finally {
      source.dispose();
      await rm(registry);
    }
  });

  it('a socket named by a flag is checked too', async () => {
    const scans = await scanServers(sandbox.env, [join(ownDir, 'intruder')]);
    expect(scans.find((x) => x.socket === join(ownDir, 'intruder'))).toMatchObject({
      state: 'error',
      error: NOT_YOURS,
      origins: expect.arrayContaining(['flag']) as unknown,
    });
  });

  it('refuses to attach to a foreign server (its owner could make the client run anything)', async () => {
    const victim = sampleSession({
      id: 'tmux:planted',
      name: 'planted',
      socket: join(sharedDir, 'planted'),
    });
    const host = { open: vi.fn(() => Promise.resolve({ terminalId: 't-1' })) };
    const open = createOpenTerminal({ sessions: () => [victim], host });
    await expect(
      open({ sessionId: victim.id, mode: 'interactive', cols: 80, rows: 24 }),
    ).rejects.toThrow(`Not attaching to ${join(sharedDir, 'planted')}: in ${sharedDir}, which is`);
    expect(host.open).not.toHaveBeenCalled();
  });
});

describe.runIf(ME === 0)('the hook runtime dir (files chowned to another uid)', () => {
  let sandbox: Sandbox;
  let server: HookServer | null = null;

  beforeAll(async () => {
    sandbox = await createSandbox();
  });

  afterAll(async () => {
    await server?.dispose();
    await sandbox.cleanup();
  });

  it('without XDG_RUNTIME_DIR, /tmp/loopwatch-UID made by another user is refused; events stay private', async () => {
    const env: NodeJS.ProcessEnv = { ...sandbox.env, XDG_RUNTIME_DIR: undefined };
    const squatted = join(env.TMPDIR!, `loopwatch-${ME}`);
    await mkdir(squatted, { recursive: true });
    await chmod(squatted, 0o777);
    await chown(squatted, OTHER, OTHER);

    server = new HookServer(env);
    const got: HookMessage[] = [];
    server.on('message', (m) => got.push(m));
    await server.start();
    expect(server.error).toBeNull();
    expect(server.refused).toEqual([{ dir: squatted, reason: NOT_YOURS }]);
    const dir = join(env.XDG_STATE_HOME!, 'loopwatch', `run-${ME}`);
    expect(server.path?.startsWith(`${dir}/`)).toBe(true);
    expect(await readdir(squatted)).toEqual([]);

    // The hook side agrees: it never sends into the squatted dir.
    expect(await trustedRuntimeDirs(env)).toEqual([dir]);
    const line = JSON.stringify({
      v: 1,
      kind: 'claude',
      event: {},
      tmux: null,
      tmuxPane: null,
      cwd: '/',
      at: Date.now(),
    });
    expect(await deliverHookLine(() => trustedRuntimeDirs(env), line, 5_000)).toBe(1);
    await eventually(() => got.length === 1, 'the event to arrive');
    expect(await readdir(squatted)).toEqual([]);
  });

  it('our own runtime dir left too open (0755) is closed to 0700 and used', async () => {
    const env = { ...sandbox.env, XDG_RUNTIME_DIR: join(sandbox.root, 'run2') };
    const dir = join(env.XDG_RUNTIME_DIR, 'loopwatch');
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o755);
    const own = new HookServer(env);
    await own.start();
    try {
      expect(own.refused).toEqual([]);
      expect(own.path?.startsWith(`${dir}/`)).toBe(true);
    } finally {
      await own.dispose();
    }
  });
});

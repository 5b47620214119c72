/**
 * A remote host's own tmux-skill registries and schmux files, for real: the
 * files live where the host's environment puts them (its HOME, TMPDIR,
 * TMUX_TMPDIR), are read over ssh by the same parse as local ones, name
 * sockets that no other discovery finds, and add the skill's and schmux's
 * views to the host's sessions, in the one-shot `list --json` and in the
 * live watch. A malformed registry is a source problem naming the host and
 * the file and hides nothing else. A pane whose process exited but was not
 * reaped by tmux (held by a tracer) reads by its real exit in `list` too.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSchema, type Session, type Snapshot } from '../../../preload/contract';
import { runCli } from '../../../main/cli';
import { applyCleanup } from '../../../main/core/actions/cleanup/apply';
import { planCleanup } from '../../../main/core/actions/cleanup/plan';
import { HostConnection } from '../../../main/core/hosts/hostConnection';
import { Supervisor } from '../../../main/core/supervisor';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { holdExit, type UnreapedHold } from '../../helpers/unreapedExit';

const run = promisify(execFile);
const noLab = await labSupport();
if (noLab !== null) console.warn(`remote tmux-skill and schmux tests skipped: ${noLab}`);
/** Generous bounds on waits, never asserted as speed. */
const WAIT_MS = 30_000;
/** The exit the unreaped pane's process makes (not 0: it must read crashed, by this code). */
const PANE_EXIT = 3;
/** Names that break naive quoting: they reach the host's shell only as arguments. */
const HOSTILE = `-p it's "$(touch pwned)" \`id\` é`;

describe.skipIf(noLab !== null)("a remote host's tmux skill, schmux and unreaped panes", () => {
  let sandbox: Sandbox;
  let lab: HostLab | undefined;
  let hold: UnreapedHold | undefined;
  /** The host's dirs (namespaces share the file system: the test writes the host's files). */
  let home = '';
  let tmp = '';
  let socketDir = '';
  let privateDir = '';
  /** Private sockets only the registry names (no discovery looks there). */
  const privateSockets: string[] = [];
  let docsRegistry = '';
  let codeRegistry = '';
  let workspace = '';

  function registry(entries: Record<string, { socket: string; target: string }>): string {
    const sessions: Record<string, unknown> = {};
    for (const [name, e] of Object.entries(entries))
      sessions[name] = {
        ...e,
        type: 'claude',
        created_at: '2026-01-01T00:00:00Z',
        last_active: '2026-01-01T00:01:00Z',
      };
    return JSON.stringify({ version: '1.0', sessions });
  }

  async function privateTmux(socket: string, args: string[]): Promise<void> {
    if (!privateSockets.includes(socket)) privateSockets.push(socket);
    await lab!.tmux('alpha', ['-S', socket, ...args]);
  }

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
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

  async function listJson(): Promise<Snapshot> {
    const result = await cli([
      'list',
      '--json',
      '--host',
      'alpha=alpha',
      '--ssh-config',
      lab!.sshConfig,
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    return SnapshotSchema.parse(JSON.parse(result.out));
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'alpha' }]);
    const host = lab.host('alpha');
    home = host.env.HOME!;
    tmp = host.env.TMPDIR!;
    socketDir = host.socketDir;
    privateDir = join(host.root, `private ${HOSTILE}`);
    await mkdir(privateDir, { recursive: true });
    // The docs' location holds the good registry; the code's location (beside the skill's sockets) a broken one.
    docsRegistry = join(home, '.local', 'state', 'claude-tmux', '.sessions.json');
    codeRegistry = join(tmp, 'claude-tmux-sockets', '.sessions.json');
    await mkdir(join(home, '.local', 'state', 'claude-tmux'), { recursive: true });
    await mkdir(join(tmp, 'claude-tmux-sockets'), { recursive: true });
    const work = join(privateDir, 'work.sock');
    await privateTmux(work, ['new-session', '-d', '-s', 'skillwork', 'sleep 600']);
    await writeFile(
      docsRegistry,
      registry({
        skillwork: { socket: work, target: 'skillwork:0.0' },
        // Registered, but its tmux session is gone: the skill's "missing".
        vanished: { socket: work, target: 'vanished:0.0' },
      }),
    );
    await writeFile(codeRegistry, '{"version": "1.0", "sessions": {');
    // schmux: its state names a session on its own `-L schmux` server, and its events say it waits.
    workspace = join(home, `ws ${HOSTILE}`);
    await mkdir(join(workspace, '.schmux', 'events'), { recursive: true });
    await mkdir(join(home, '.schmux'), { recursive: true });
    await writeFile(
      join(home, '.schmux', 'state.json'),
      JSON.stringify({
        workspaces: [{ id: 'ws1', repo: 'r', branch: 'main', path: workspace }],
        sessions: [
          {
            id: 's1',
            workspace_id: 'ws1',
            target: 'claude',
            nickname: 'Fixer',
            tmux_session: 'schmux-s1',
            tmux_socket: 'schmux',
          },
        ],
      }),
    );
    await writeFile(
      join(workspace, '.schmux', 'events', 's1.jsonl'),
      `${JSON.stringify({ ts: new Date().toISOString(), type: 'status', state: 'needs_input', message: 'Approve the plan?' })}\n`,
    );
    await lab.tmux('alpha', ['new-session', '-d', '-s', 'schmux-s1', 'sleep 600'], 'schmux');
    await lab.tmux('alpha', ['new-session', '-d', '-s', 'plain', 'sleep 600']);
  });

  afterAll(async () => {
    await hold?.release();
    for (const socket of privateSockets)
      await run('tmux', ['-S', socket, 'kill-server']).catch(() => undefined);
    await lab?.cleanup();
    await sandbox.cleanup();
  });

  function expectSources(sessions: readonly Session[]): void {
    const work = join(privateDir, 'work.sock');
    const skill = sessions.find((s) => s.id === `tmux@alpha:${work}:skillwork`);
    expect(skill).toMatchObject({
      host: 'alpha',
      source: 'tmuxSkill',
      live: true,
      tmuxSkill: { registry: docsRegistry, type: 'claude', health: 'healthy' },
    });
    const vanished = sessions.find((s) => s.id === `tmux@alpha:${work}:vanished`);
    expect(vanished).toMatchObject({ host: 'alpha', status: 'unknown', live: false });
    expect(vanished?.tmuxSkill?.health).toBe('missing');
    expect(vanished?.evidence.map((e) => e.signal)).toContain('tmux-skill:missing');
    const schmux = sessions.find(
      (s) => s.id === `tmux@alpha:${join(socketDir, 'schmux')}:schmux-s1`,
    );
    expect(schmux).toMatchObject({
      host: 'alpha',
      source: 'schmux',
      displayName: 'Fixer',
      status: 'waiting',
      schmux: { id: 's1', agentState: 'needs_input', workspacePath: workspace },
    });
    // Nothing else is hidden by the broken registry: the plain session is there.
    expect(sessions.some((s) => s.host === 'alpha' && s.name === 'plain')).toBe(true);
  }

  function expectBrokenRegistry(snapshot: Snapshot): void {
    const problem = snapshot.sources?.find((p) => p.source.includes(codeRegistry));
    expect(problem?.source).toBe(`host alpha: tmux skill registry ${codeRegistry}`);
    expect(problem?.message).toMatch(/JSON/);
  }

  it('list --json reads the host registry and schmux: private sockets found, views added, a broken registry said', async () => {
    const snapshot = await listJson();
    expect(snapshot.hosts?.[0]?.state).toBe('up');
    expectSources(snapshot.sessions);
    expectBrokenRegistry(snapshot);
    const work = snapshot.servers.find((s) => s.socket === join(privateDir, 'work.sock'));
    expect(work).toMatchObject({ host: 'alpha', state: 'up', origins: ['tmuxSkill'] });
    const schmuxServer = snapshot.servers.find((s) => s.socket === join(socketDir, 'schmux'));
    expect(schmuxServer?.origins).toEqual(expect.arrayContaining(['socketDir', 'schmux']));
  }, 60_000);

  it('the live watch follows the host registry and schmux events', async () => {
    const supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: [
        {
          name: 'alpha',
          destination: 'alpha',
          sshConfig: lab!.sshConfig,
          sockets: [],
          projectRoots: [],
        },
      ],
    });
    try {
      await supervisor.start();
      await eventually(() => {
        expectSources(supervisor.sessions());
        return true;
      }, 'the skill and schmux sessions of the host');
      expectBrokenRegistry(supervisor.snapshot());

      // A new registry entry naming a new private socket: found on the host without a restart.
      const later = join(privateDir, 'later.sock');
      await privateTmux(later, ['new-session', '-d', '-s', 'late', 'sleep 600']);
      await writeFile(
        docsRegistry,
        registry({
          skillwork: { socket: join(privateDir, 'work.sock'), target: 'skillwork:0.0' },
          late: { socket: later, target: 'late:0.0' },
        }),
      );
      const late = await eventually(
        () => {
          const found = supervisor.sessions().find((s) => s.id === `tmux@alpha:${later}:late`);
          if (found?.tmuxSkill?.health !== 'healthy')
            throw new Error(`late is ${JSON.stringify(found?.tmuxSkill ?? found?.status)}`);
          return found;
        },
        'the session a new registry entry names, its server up',
        WAIT_MS,
      );
      expect(late).toMatchObject({ host: 'alpha', live: true, source: 'tmuxSkill' });
      // The entry removed from the registry goes with it.
      await eventually(
        () => !supervisor.sessions().some((s) => s.name === 'vanished'),
        'the removed registry entry gone',
        WAIT_MS,
      );

      // The broken registry fixed: its problem goes.
      await writeFile(codeRegistry, registry({}));
      await eventually(
        () => !supervisor.snapshot().sources?.some((p) => p.source.includes(codeRegistry)),
        'the fixed registry no longer a problem',
        WAIT_MS,
      );
      // Writable by others: refused, with why, and used again once it is not.
      await chmod(codeRegistry, 0o666);
      const refused = await eventually(
        () => supervisor.snapshot().sources?.find((p) => p.source.includes(codeRegistry)),
        'the registry others can write refused',
        WAIT_MS,
      );
      expect(refused.message).toBe(`${codeRegistry}: mode 0666: writable by other users, ignored`);
      await chmod(codeRegistry, 0o644);
      await eventually(
        () => !supervisor.snapshot().sources?.some((p) => p.source.includes(codeRegistry)),
        'the registry used again',
        WAIT_MS,
      );

      // The schmux agent goes back to work: its events file is followed.
      await writeFile(
        join(workspace, '.schmux', 'events', 's1.jsonl'),
        `${JSON.stringify({ ts: new Date().toISOString(), type: 'status', state: 'working' })}\n`,
        { flag: 'a' },
      );
      await eventually(
        () =>
          supervisor.sessions().find((s) => s.schmux?.id === 's1')?.schmux?.agentState ===
          'working',
        'the schmux agent working again',
        WAIT_MS,
      );
    } finally {
      await supervisor.closeHosts();
      supervisor.dispose();
    }
  }, 120_000);

  it('list reads the real exit of a dead pane tmux has not reaped', async () => {
    // A plain path: it is spliced into the pane's shell command.
    const go = join(lab!.host('alpha').root, 'go-unreaped');
    await rm(go, { force: true });
    await lab!.tmux('alpha', [
      'new-session',
      '-d',
      '-s',
      'unreaped',
      `while [ ! -e '${go}' ]; do sleep 0.1; done; exit ${PANE_EXIT}`,
    ]);
    await lab!.tmux('alpha', ['set-option', '-t', 'unreaped', 'remain-on-exit', 'on']);
    const pid = Number(
      (
        await lab!.tmux('alpha', ['display-message', '-p', '-t', '=unreaped:', '#{pane_pid}'])
      ).trim(),
    );
    hold = await holdExit(pid);
    await writeFile(go, '');
    const paneState = async () =>
      (
        await lab!.tmux('alpha', [
          'display-message',
          '-p',
          '-t',
          '=unreaped:',
          '#{pane_dead}:#{pane_dead_status}',
        ])
      ).trim();
    // Dead to tmux, with no exit status: the state this is about.
    await eventually(async () => (await paneState()) === '1:', 'the pane dead, unreaped', WAIT_MS);

    const snapshot = await listJson();
    const session = snapshot.sessions.find((s) => s.host === 'alpha' && s.name === 'unreaped');
    expect(session?.status).toBe('crashed');
    expect(session?.exit).toMatchObject({ status: PANE_EXIT });
    // Still unreaped by tmux: the exit came from the host's /proc, not from tmux.
    expect(await paneState()).toBe('1:');
    await hold.release();
    hold = undefined;
  }, 60_000);

  it("cleanup removes a host registry's stale entry: re-checked on the host, under the skill's lock, backed up", async () => {
    const work = join(privateDir, 'work.sock');
    const entries = {
      skillwork: { socket: work, target: 'skillwork:0.0' },
      stale: { socket: work, target: 'stale:0.0' },
    };
    await writeFile(docsRegistry, registry(entries));
    const spec = {
      name: 'alpha',
      destination: 'alpha',
      sshConfig: lab!.sshConfig,
      sockets: [],
      projectRoots: [],
    };
    const connection = new HostConnection(spec, { persist: '10s' }, sandbox.env);
    const ctx = {
      env: sandbox.env,
      sockets: [],
      actor: 'cli' as const,
      hosts: (h: string) => (h === 'alpha' ? connection : null),
    };
    const plan = async () => {
      const planned = await planCleanup(ctx, {
        olderThanMs: null,
        projectRoots: [],
        hosts: ['alpha'],
      });
      const items = planned.plan.items.filter((i) => i.kind === 'registryEntry');
      return { planned, items };
    };
    try {
      const first = await plan();
      // Only the stale entry: the healthy one is not an item.
      expect(first.items.map((i) => i.title)).toEqual([
        'tmux skill entry stale (missing) on host alpha',
      ]);
      expect(first.items[0]!.evidence[0]).toBe(
        `${docsRegistry} on host alpha lists stale on ${work}, target stale:0.0`,
      );
      // The entry changed on the host since the plan: re-read there, left alone.
      await writeFile(
        docsRegistry,
        registry({ ...entries, stale: { socket: work, target: 'stale:0.1' } }),
      );
      const changed = await applyCleanup(ctx, first.planned, [first.items[0]!.id]);
      expect(changed.results[0]).toMatchObject({
        outcome: 'skipped',
        detail: 'the entry changed since the plan: left as it is',
      });

      // Another writer holds the skill's lock (flock on .sessions.lock): waited for, then skipped.
      await writeFile(docsRegistry, registry(entries));
      const second = await plan();
      const lockPath = join(home, '.local', 'state', 'claude-tmux', '.sessions.lock');
      const holder = spawn(
        'flock',
        ['-o', '-x', lockPath, 'sh', '-c', 'echo held; exec sleep 60'],
        {
          detached: true,
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      try {
        let said = '';
        holder.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
        await eventually(() => said.includes('held'), 'the lock held by another writer');
        const locked = await applyCleanup(ctx, second.planned, [second.items[0]!.id], {
          registryLockTimeoutMs: 1_000,
        });
        expect(locked.results[0]).toMatchObject({
          outcome: 'skipped',
          detail: expect.stringMatching(
            /locked by another writer .*\.sessions\.lock on host alpha/,
          ),
        });
      } finally {
        process.kill(-holder.pid!, 'SIGKILL');
      }
      // A mkdir-style writer (the skill where flock is missing) holds its lock dir: the same.
      await rm(lockPath, { force: true });
      await mkdir(lockPath);
      try {
        const lockedDir = await applyCleanup(ctx, second.planned, [second.items[0]!.id], {
          registryLockTimeoutMs: 1_000,
        });
        expect(lockedDir.results[0]).toMatchObject({
          outcome: 'skipped',
          detail: expect.stringMatching(/locked by another writer/),
        });
      } finally {
        await rm(lockPath, { recursive: true, force: true });
      }
      const kept = JSON.parse(await readFile(docsRegistry, 'utf8')) as {
        sessions: Record<string, unknown>;
      };
      expect(kept.sessions.stale).toBeDefined();

      // Free: removed on the host, the healthy entry kept, the old file backed up beside it.
      const before = await readFile(docsRegistry, 'utf8');
      const done = await applyCleanup(ctx, second.planned, [second.items[0]!.id]);
      expect(done.results[0]).toMatchObject({ outcome: 'done' });
      expect(done.results[0]!.detail).toMatch(
        new RegExp(`^removed entry stale from .* on host alpha \\(backup: .*\\.bak-`),
      );
      const after = JSON.parse(await readFile(docsRegistry, 'utf8')) as {
        sessions: Record<string, unknown>;
      };
      expect(Object.keys(after.sessions)).toEqual(['skillwork']);
      const dir = join(home, '.local', 'state', 'claude-tmux');
      const backups = (await readdir(dir)).filter((n) => n.startsWith('.sessions.json.bak-'));
      expect(backups).toHaveLength(1);
      expect(await readFile(join(dir, backups[0]!), 'utf8')).toBe(before);
      // No temp file left behind.
      expect((await readdir(dir)).filter((n) => n.includes('loopwatch'))).toEqual([]);
      // Nothing named in a path ran on the host.
      expect(existsSync(join(home, 'pwned'))).toBe(false);
      expect(existsSync('/root/pwned')).toBe(false);
    } finally {
      await connection.close();
    }
  }, 90_000);
});

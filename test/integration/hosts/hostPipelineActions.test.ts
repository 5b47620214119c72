/**
 * Pipeline runs started, resumed and cleaned up on a remote host, against
 * a real sshd in a network namespace, the host's own tmux, and the fake
 * pipeline engine (test/fixtures/pipeline-engine) in a project there whose
 * directory name is hostile. Every check is made on the host, and made
 * again right before acting: a lock whose holder came back alive between
 * plan and apply is left in place, a zombie state whose run took a live
 * lock meanwhile is left as it is. Nothing in a hostile name runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiBackend, type ApiBackend } from '../../../main/api/backend';
import { readAudit } from '../../../main/core/actions/auditLog';
import { applyCleanup } from '../../../main/core/actions/cleanup/apply';
import { planCleanup } from '../../../main/core/actions/cleanup/plan';
import type { ActionContext } from '../../../main/core/actions/context';
import { listRuns } from '../../../main/core/actions/runs';
import { HostConnection } from '../../../main/core/hosts/hostConnection';
import { Supervisor } from '../../../main/core/supervisor';
import type {
  ApplyCleanupResult,
  CleanupPlan,
  RunSummary,
  StartPlan,
  StartResult,
} from '../../../preload/contract';
import { cli as runCliIn, engineLaunches, processExists } from '../../helpers/fakeProject';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const noLab = await labSupport();
if (noLab !== null) console.warn(`host pipeline-action tests skipped: ${noLab}`);

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'pipeline-engine');
/** The project's directory name on the host: quotes, a substitution, a leading dash, spaces. */
const HOSTILE_DIR = `-p it's "$(touch pwned)" x`;
/** A run name that is not one: quotes, a substitution, a newline, a dash after it. */
const HOSTILE_RUN = `x'$(touch pwned)"\n-b`;
/** The kernel's next-pid knob: a test may hand a chosen pid to a new process (needs root). */
const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';
/** Tries at giving a new process one chosen pid (another process may take it first). */
const PID_TRIES = 50;

describe.skipIf(noLab !== null)('pipeline runs on a remote host: start, resume, cleanup', () => {
  let sandbox: Sandbox;
  let lab: HostLab | undefined;
  let project = '';
  let cleanProject = '';
  let connection: HostConnection;
  const children: ChildProcess[] = [];

  const hostFlags = (): string[] => ['--host', 'alpha=alpha', '--ssh-config', lab!.sshConfig];
  const cli = (args: string[]) => runCliIn(sandbox, args);
  const ctx = (): ActionContext => ({
    env: sandbox.env,
    sockets: [],
    actor: 'cli',
    hosts: (h) => (h === 'alpha' ? connection : null),
  });
  const hostSessions = async (): Promise<string[]> =>
    (await lab!.tmux('alpha', ['list-sessions', '-F', '#{session_name}']).catch(() => ''))
      .split('\n')
      .filter(Boolean);

  /** A process the host sees (network namespaces share the pid space). */
  function sleeper(): ChildProcess {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(child);
    return child;
  }

  /** A new process with exactly `pid` (a dead lock holder "coming back"), or a thrown reason. */
  async function processWithPid(pid: number): Promise<ChildProcess> {
    for (let i = 0; i < PID_TRIES; i++) {
      await writeFile(NS_LAST_PID, String(pid - 1));
      const child = sleeper();
      if (child.pid === pid) return child;
      child.kill('SIGKILL');
    }
    throw new Error(`no new process got pid ${pid} in ${PID_TRIES} tries`);
  }

  async function stop(child: ChildProcess): Promise<void> {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** A pid no process has, well ahead of the ones being handed out now. */
  async function deadPid(): Promise<number> {
    const last = Number((await readFile(NS_LAST_PID, 'utf8')).trim());
    const max = Number((await readFile('/proc/sys/kernel/pid_max', 'utf8')).trim());
    for (let pid = ((last + 5_000) % (max - 1000)) + 300; ; pid++)
      if (!processExists(pid)) return pid;
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'alpha' }]);
    const home = join(lab.host('alpha').root, 'home');
    project = join(home, HOSTILE_DIR);
    cleanProject = join(home, 'clean');
    await mkdir(project, { recursive: true });
    await cp(FIXTURE, project, { recursive: true });
    await mkdir(join(cleanProject, '.claude', 'locks'), { recursive: true });
    await mkdir(join(cleanProject, '.claude', 'pipeline-runs', 'zombie'), { recursive: true });
    const spec = {
      name: 'alpha',
      destination: 'alpha',
      sshConfig: lab.sshConfig,
      sockets: [],
      projectRoots: [cleanProject],
    };
    connection = new HostConnection(spec, { persist: '10s' }, sandbox.env);
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    // Any of these may be missing when beforeAll failed part-way.
    const made = { connection, sandbox } as Partial<{
      connection: HostConnection;
      sandbox: Sandbox;
    }>;
    await made.connection?.close();
    await lab?.cleanup();
    await made.sandbox?.cleanup();
  });

  it('`loopwatch start --host` runs run.sh in the project on the host and lists the run as that host’s', async () => {
    const noDir = await cli(['start', ...hostFlags(), 'ralph', 'x', '3']);
    expect(noDir.code).toBe(2);
    expect(noDir.err).toContain('a pipeline run on host alpha needs --dir PROJECT');
    const missing = await cli([
      'start',
      ...hostFlags(),
      '--dir',
      '/nowhere/at/all',
      'ralph',
      'x',
      '3',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(
      'the project directory /nowhere/at/all does not exist on host alpha',
    );

    const { code, out, err } = await cli([
      'start',
      ...hostFlags(),
      '--dir',
      project,
      'ralph',
      'auth',
      '5',
      '--model=o3',
      '--json',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const { plan, result } = JSON.parse(out) as { plan: StartPlan; result: StartResult };
    expect(plan).toMatchObject({ host: 'alpha', cwd: project, sessionName: 'pipeline-auth' });
    expect(plan.socket.startsWith(lab!.host('alpha').socketDir)).toBe(true);
    expect(result).toMatchObject({ sessionFound: true, sessionName: 'pipeline-auth' });
    expect(result.message).toContain('on host alpha');
    expect(result.attach).toMatch(/^ssh -F .* -t alpha -- /);
    expect(await engineLaunches(project)).toEqual([['ralph', 'auth', '5', '--model=o3']]);
    // On the host's own server, and not on this machine's.
    expect(await hostSessions()).toContain('pipeline-auth');
    expect(await sandbox.tmux(['list-sessions']).catch(() => '')).not.toContain('pipeline-auth');

    const runs = await eventually(async () => {
      const found = await listRuns(ctx(), [], ['alpha']);
      const auth = found.find((r) => r.name === 'auth' && r.host === 'alpha');
      return auth?.condition === 'live' ? found : null;
    }, 'the run live on host alpha');
    expect(runs.find((r) => r.name === 'auth')).toMatchObject({
      host: 'alpha',
      projectDir: project,
      args: ['ralph', 'auth', '5', '--model=o3'],
    });
    const listed = await cli(['resume', ...hostFlags()]);
    expect(listed.out).toMatch(/alpha:auth\s+live/);

    // The same name again: refused on the host's facts, nothing run.
    const again = await cli(['start', ...hostFlags(), '--dir', project, 'ralph', 'auth', '5']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/run auth is live in .* on host alpha: pid \d+ is running/);
    expect(await engineLaunches(project)).toHaveLength(1);
    const audit = await readAudit(sandbox.env);
    expect(audit.find((e) => e.action === 'start' && e.outcome === 'done')?.target).toBe(
      `run auth in ${project} on host alpha`,
    );
  });

  it('`loopwatch resume alpha:NAME` re-runs a crashed run’s recorded command with --resume on the host', async () => {
    const lock = JSON.parse(
      await readFile(join(project, '.claude', 'locks', 'auth.lock'), 'utf8'),
    ) as { pid: number };
    process.kill(lock.pid, 'SIGKILL');
    await eventually(
      async () => !processExists(lock.pid) && !(await hostSessions()).includes('pipeline-auth'),
      'the run crashed on the host',
    );
    const crashed = (await listRuns(ctx(), [], ['alpha'])).find((r) => r.name === 'auth');
    expect(crashed).toMatchObject({ host: 'alpha', condition: 'crashed', canResume: true });

    const { code, out, err } = await cli(['resume', 'alpha:auth', ...hostFlags(), '--json']);
    expect(code).toBe(0);
    expect(err).toContain(
      `In ${project} on host alpha: ./scripts/run.sh ralph auth 5 --model=o3 --resume`,
    );
    expect((JSON.parse(out) as { result: StartResult }).result.message).toMatch(
      /^resumed run auth: tmux session pipeline-auth on .* on host alpha$/,
    );
    expect((await engineLaunches(project)).at(-1)).toEqual([
      'ralph',
      'auth',
      '5',
      '--model=o3',
      '--resume',
    ]);
    expect(await hostSessions()).toContain('pipeline-auth');
    // Live again: resume is refused (re-checked on the host).
    const twice = await cli(['resume', 'auth', ...hostFlags()]);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/run auth is live/);
  });

  it('learns the command of a run started by hand on the host from its holder’s /proc there, and resumes with it', async () => {
    // Started on the host without Loopwatch: the engine itself, in its pipeline session.
    await lab!.tmux('alpha', [
      'new-session',
      '-d',
      '-s',
      'pipeline-byhand',
      '-c',
      project,
      join(project, 'scripts', 'run.sh'),
      'ralph',
      'byhand',
      '7',
      '--provider=codex',
      '--foreground',
    ]);
    const live = await eventually(async () => {
      const run = (await listRuns(ctx(), [], ['alpha'])).find((r) => r.name === 'byhand');
      return run?.condition === 'live' ? run : null;
    }, 'the hand-started run live on the host');
    expect(live).toMatchObject({
      host: 'alpha',
      args: ['ralph', 'byhand', '7', '--provider=codex'],
    });
    const lock = JSON.parse(
      await readFile(join(project, '.claude', 'locks', 'byhand.lock'), 'utf8'),
    ) as { pid: number };
    process.kill(lock.pid, 'SIGKILL');
    await eventually(
      async () => !processExists(lock.pid) && !(await hostSessions()).includes('pipeline-byhand'),
      'the hand-started run crashed on the host',
    );
    const { code } = await cli(['resume', 'byhand', ...hostFlags(), '--yes']);
    expect(code).toBe(0);
    expect((await engineLaunches(project)).at(-1)).toEqual([
      'ralph',
      'byhand',
      '7',
      '--provider=codex',
      '--resume',
    ]);
    expect(await hostSessions()).toContain('pipeline-byhand');
  });

  it('a stale lock on the host is planned there, left alone when its holder came back alive, removed once dead', async () => {
    const pid = await deadPid();
    const lockPath = join(cleanProject, '.claude', 'locks', 'stale.lock');
    // Dated ahead, so the pid's return is not taken for pid reuse (a process younger than its lock).
    const text = `${JSON.stringify({ session: 'stale', pid, started_at: new Date(Date.now() + 120_000).toISOString().replace(/\.\d+Z$/, 'Z') })}\n`;
    await writeFile(lockPath, text);
    const title = `Stale lock of run stale in ${cleanProject} on host alpha`;
    const planned = await planCleanup(ctx(), {
      olderThanMs: null,
      projectRoots: [],
      hosts: ['alpha'],
    });
    const item = planned.plan.items.find((i) => i.title === title);
    expect(item?.evidence).toContain(`pid ${pid} is not running`);

    const back = await processWithPid(pid);
    const first = await applyCleanup(ctx(), planned, [item!.id]);
    expect(first.results).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        detail: expect.stringMatching(
          new RegExp(`^its holder is alive now \\(pid ${pid} is running`),
        ),
      }),
    ]);
    expect(await readFile(lockPath, 'utf8')).toBe(text);

    await stop(back);
    const again = await planCleanup(ctx(), {
      olderThanMs: null,
      projectRoots: [],
      hosts: ['alpha'],
    });
    const second = await applyCleanup(ctx(), again, [item!.id]);
    expect(second.results).toEqual([
      expect.objectContaining({ outcome: 'done', detail: `removed ${lockPath} on host alpha` }),
    ]);
    await expect(access(lockPath)).rejects.toThrow();
    // Nothing left beside it (the moved-aside copy was deleted), its content kept in the audit log.
    expect(await readdir(join(cleanProject, '.claude', 'locks'))).toEqual([]);
    const audit = (await readAudit(sandbox.env)).at(-1);
    expect(audit).toMatchObject({ action: 'cleanup', outcome: 'done', target: title });
    expect(audit?.data).toMatchObject({ content: text, host: 'alpha' });
  });

  it('a zombie state on the host is re-checked there (a live lock meanwhile leaves it) and marked failed after a backup', async () => {
    const statePath = join(cleanProject, '.claude', 'pipeline-runs', 'zombie', 'state.json');
    const lockPath = join(cleanProject, '.claude', 'locks', 'zombie.lock');
    const text = `${JSON.stringify({ session: 'zombie', type: 'loop', status: 'running', iteration: 2 }, null, 2)}\n`;
    await writeFile(statePath, text);
    const title = `Zombie state of run zombie in ${cleanProject} on host alpha`;
    const planned = await planCleanup(ctx(), {
      olderThanMs: null,
      projectRoots: [],
      hosts: ['alpha'],
    });
    const item = planned.plan.items.find((i) => i.title === title);
    expect(item?.evidence).toContain(`no lock file ${lockPath}`);

    // Between plan and apply the run comes back: a live engine holds its lock.
    const holder = sleeper();
    await writeFile(
      lockPath,
      JSON.stringify({
        session: 'zombie',
        pid: holder.pid,
        started_at: new Date(Date.now() + 2_000).toISOString(),
      }),
    );
    const first = await applyCleanup(ctx(), planned, [item!.id]);
    expect(first.results).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        detail: expect.stringMatching(/^its lock has a live holder now \(pid \d+ is running/),
      }),
    ]);
    expect(await readFile(statePath, 'utf8')).toBe(text);

    await stop(holder);
    const again = await planCleanup(ctx(), {
      olderThanMs: null,
      projectRoots: [],
      hosts: ['alpha'],
    });
    // The dead holder's lock is an item of its own now; only the zombie is applied here.
    const second = await applyCleanup(ctx(), again, [item!.id]);
    expect(second.results).toEqual([
      expect.objectContaining({
        outcome: 'done',
        detail: expect.stringMatching(
          new RegExp(
            `^marked run zombie failed in ${statePath} on host alpha \\(backup: ${statePath}\\.bak-\\d{8}T\\d{9}Z\\)$`,
          ),
        ),
      }),
    ]);
    const state = JSON.parse(await readFile(statePath, 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({
      session: 'zombie',
      status: 'failed',
      iteration: 2,
      error: { type: 'zombie' },
    });
    const backups = (
      await readdir(join(cleanProject, '.claude', 'pipeline-runs', 'zombie'))
    ).filter((f) => f.startsWith('state.json.bak-'));
    expect(backups).toHaveLength(1);
    expect(
      await readFile(join(cleanProject, '.claude', 'pipeline-runs', 'zombie', backups[0]!), 'utf8'),
    ).toBe(text);
  });

  it('an orphan pipeline session on the host is one item (its dead pane not again), re-checked there, killed there with its history saved here', async () => {
    // A shell and a dead pane, in the project, with no lock and no state for run "lost".
    await lab!.tmux('alpha', [
      'new-session',
      '-d',
      '-s',
      'pipeline-lost',
      '-c',
      cleanProject,
      'sh',
    ]);
    await lab!.tmux('alpha', ['set-option', '-w', '-t', '=pipeline-lost:', 'remain-on-exit', 'on']);
    await lab!.tmux('alpha', ['split-window', '-t', '=pipeline-lost:', 'echo lost-output; exit 3']);
    // Both panes settled: the shell running (an idle shell: recommended), the other dead.
    await eventually(async () => {
      const panes = await lab!.tmux('alpha', [
        'list-panes',
        '-t',
        '=pipeline-lost:',
        '-F',
        '#{pane_dead} #{pane_current_command}',
      ]);
      return panes.split('\n').includes('0 sh') && /^1 /m.test(panes);
    }, 'a shell and a dead pane on the host');
    const title = (t: string) =>
      t.startsWith('Orphan tmux session pipeline-lost on ') && t.endsWith(' on host alpha');
    const planned = await planCleanup(ctx(), {
      olderThanMs: null,
      projectRoots: [],
      hosts: ['alpha'],
    });
    const orphan = planned.plan.items.find((i) => title(i.title));
    expect(orphan).toMatchObject({
      kind: 'orphanSession',
      recommended: true,
      session: { name: 'pipeline-lost', host: 'alpha' },
    });
    expect(
      planned.plan.items.filter(
        (i) => i.kind === 'deadPane' && i.session?.name === 'pipeline-lost',
      ),
    ).toEqual([]);

    // Between plan and apply its run gets a lock on the host: not an orphan any more.
    const lockPath = join(cleanProject, '.claude', 'locks', 'lost.lock');
    await writeFile(lockPath, '{"session": "lost", "pid": 1}\n');
    const first = await applyCleanup(ctx(), planned, [orphan!.id]);
    expect(first.results).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        detail: 'a lock or state for its run appeared: not an orphan any more',
      }),
    ]);
    expect(await hostSessions()).toContain('pipeline-lost');

    await rm(lockPath);
    const again = await planCleanup(ctx(), {
      olderThanMs: null,
      projectRoots: [],
      hosts: ['alpha'],
    });
    const second = await applyCleanup(ctx(), again, [orphan!.id]);
    expect(second.results).toEqual([expect.objectContaining({ outcome: 'done' })]);
    expect(await hostSessions()).not.toContain('pipeline-lost');
    const historyFile = (
      (await readAudit(sandbox.env)).at(-1)?.data as { historyFile?: string } | undefined
    )?.historyFile;
    expect(await readFile(historyFile!, 'utf8')).toContain('lost-output');
  });

  it('a hostile run name is refused with the reason and nothing in it runs, on the host or here', async () => {
    // A lock file with that name too: listed on the host as a plain name, never a run.
    await writeFile(join(cleanProject, '.claude', 'locks', `${HOSTILE_RUN}.lock`), '{"pid": 1}\n');
    const sessionsBefore = await hostSessions();
    const started = await cli([
      'start',
      ...hostFlags(),
      '--dir',
      project,
      'ralph',
      HOSTILE_RUN,
      '3',
    ]);
    expect(started.code).toBe(1);
    expect(started.err).toContain(`${JSON.stringify(HOSTILE_RUN)} is not a valid run name`);
    const resumed = await cli(['resume', `alpha:${HOSTILE_RUN}`, ...hostFlags(), '--dir', project]);
    expect(resumed.code).toBe(1);
    expect(resumed.err).toContain(`${JSON.stringify(HOSTILE_RUN)} is not a valid run name`);
    const planned = await planCleanup(ctx(), {
      olderThanMs: null,
      projectRoots: [],
      hosts: ['alpha'],
    });
    expect(planned.plan.items.filter((i) => i.title.includes('$(touch'))).toEqual([]);
    expect(await hostSessions()).toEqual(sessionsBefore);
    expect((await engineLaunches(project)).flat()).not.toContain(HOSTILE_RUN);
    const host = lab!.host('alpha');
    const dirs = [
      host.root,
      host.env.HOME ?? host.root,
      project,
      cleanProject,
      '/root',
      sandbox.root,
      process.cwd(),
    ];
    for (const dir of dirs) await expect(access(join(dir, 'pwned'))).rejects.toThrow();
  });

  it('the API (dashboard) lists a watched host’s runs, starts and resumes there, and cleans up its stale lock', async () => {
    const supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: [
        {
          name: 'alpha',
          destination: 'alpha',
          sshConfig: lab!.sshConfig,
          sockets: [],
          projectRoots: [cleanProject],
        },
      ],
    });
    let backend: ApiBackend | null = null;
    try {
      await supervisor.start();
      backend = createApiBackend(supervisor, {}, { env: sandbox.env });
      const api = backend;
      const started = (await api.dispatch('startSession', {
        form: 'stage',
        host: 'alpha',
        projectDir: project,
        type: 'ralph',
        name: 'via-api',
        max: 2,
      })) as StartResult;
      expect(started.message).toMatch(
        /^started run via-api: tmux session pipeline-via-api on .* on host alpha$/,
      );
      expect(await hostSessions()).toContain('pipeline-via-api');
      const runs = await eventually(async () => {
        const found = (await api.dispatch('listRuns', { projectRoots: [] })) as RunSummary[];
        const live = found
          .filter((r) => r.host === 'alpha' && r.condition === 'live')
          .map((r) => r.name);
        return live.includes('via-api') && live.includes('auth') ? found : null;
      }, 'both runs live on host alpha');
      expect(runs.filter((r) => r.host === undefined && r.projectDir === project)).toEqual([]);
      await expect(
        api.dispatch('planResume', { name: 'auth', host: 'alpha', mode: 'resume' }),
      ).resolves.toMatchObject({
        ok: false,
        problems: [expect.stringMatching(/^run auth is live/)],
      });

      // The zombie run's lock, left by its dead holder in the test before: stale on the host.
      const plan = (await api.dispatch('planCleanup', { projectRoots: [] })) as CleanupPlan;
      const lock = plan.items.find(
        (i) => i.title === `Stale lock of run zombie in ${cleanProject} on host alpha`,
      );
      expect(lock).toBeDefined();
      const applied = (await api.dispatch('applyCleanup', {
        planId: plan.planId,
        itemIds: [lock!.id],
      })) as ApplyCleanupResult;
      expect(applied.results).toEqual([expect.objectContaining({ outcome: 'done' })]);
      await expect(access(join(cleanProject, '.claude', 'locks', 'zombie.lock'))).rejects.toThrow();
    } finally {
      backend?.dispose();
      await supervisor.closeHosts();
      supervisor.dispose();
    }
  });

  it('`loopwatch resume` with no name lists the saved hosts’ runs too', async () => {
    const added = await cli(['hosts', 'add', 'alpha', 'alpha', '--ssh-config', lab!.sshConfig]);
    expect(added.code).toBe(0);
    const { code, out } = await cli(['resume', '--json']);
    expect(code).toBe(0);
    const runs = JSON.parse(out) as RunSummary[];
    expect(runs.find((r) => r.name === 'auth')).toMatchObject({ host: 'alpha', condition: 'live' });
    const table = await cli(['resume']);
    expect(table.out).toMatch(/alpha:auth\s+live/);
  });

  it('a host that cannot be reached refuses start and resume with the reason, and lists and plans nothing for it', async () => {
    const launches = (await engineLaunches(project)).length;
    // A fresh connection: the cut must be seen by connecting, not by a kept master.
    await connection.close();
    await lab!.linkDown('alpha');
    try {
      const started = await cli(['start', ...hostFlags(), '--dir', project, 'ralph', 'cut', '3']);
      expect(started.code).not.toBe(0);
      expect(started.err).toMatch(/host alpha unreachable: .*\(nothing was done\)/);
      const resumed = await cli(['resume', 'alpha:auth', ...hostFlags(), '--force', '--yes']);
      expect(resumed.code).not.toBe(0);
      expect(resumed.err).toMatch(/host alpha unreachable: .*\(nothing was done\)/);
      const warnings: string[] = [];
      expect((await listRuns(ctx(), [], ['alpha'], warnings)).filter((r) => r.host)).toEqual([]);
      expect(warnings).toEqual([
        expect.stringMatching(/^host alpha not looked at: host alpha unreachable/),
      ]);
      const planned = await planCleanup(ctx(), {
        olderThanMs: null,
        projectRoots: [],
        hosts: ['alpha'],
      });
      expect(planned.plan.items.filter((i) => i.title.endsWith('on host alpha'))).toEqual([]);
      expect(planned.plan.warnings.some((w) => w.startsWith('host alpha not looked at'))).toBe(
        true,
      );
    } finally {
      await lab!.linkUp('alpha');
    }
    expect(await engineLaunches(project)).toHaveLength(launches);
    // Four looks, each waiting out ssh's connect timeout (8 s) on the cut link.
  }, 120_000);
});

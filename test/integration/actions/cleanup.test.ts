import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanupKind } from '../../../preload/contract';
import { readAudit } from '../../../main/core/actions/auditLog';
import { applyCleanup, cleanupLockPath } from '../../../main/core/actions/cleanup/apply';
import { planCleanup } from '../../../main/core/actions/cleanup/plan';
import { historyDir } from '../../../main/core/actions/history';
import { acquireProcessLock, LockBusyError } from '../../../main/core/actions/processLock';
import { cli, createFakeProject, nudgeTmuxServer } from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

interface Scene {
  project: string;
  tag: string;
  registry: string;
  skillSocket: string;
  lock: (name: string) => string;
  state: (name: string) => string;
}

describe('loopwatch cleanup (real tmux, real files)', () => {
  let sandbox: Sandbox;
  let holder: ChildProcess;
  let deadPid: number;
  const ctx = () => ({ env: sandbox.env, sockets: [] as string[], actor: 'cli' as const });

  beforeAll(async () => {
    sandbox = await createSandbox();
    // A live process, started now: the holder of "live" locks, and a reused pid for old ones.
    holder = spawn('sleep', ['600'], { stdio: 'ignore' });
    // A pid that was alive once and is not any more.
    deadPid = spawnSync('true').pid!;
  });

  afterAll(async () => {
    holder.kill();
    await sandbox.cleanup();
  });

  async function writeJson(path: string, value: unknown): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  }

  /** One of each problem (and one of each look-alike that is not a problem), named by `tag`. */
  async function scene(tag: string): Promise<Scene> {
    const project = await createFakeProject(sandbox, `cleanup-${tag}`);
    // Fresh for each scene: pids wrap fast on a busy machine.
    deadPid = spawnSync('true').pid!;
    const lock = (name: string) => join(project, '.claude', 'locks', `${name}.lock`);
    const state = (name: string) => join(project, '.claude', 'pipeline-runs', name, 'state.json');
    const now = Date.now();
    await writeJson(lock('stale'), {
      session: 'stale',
      pid: deadPid,
      started_at: iso(now - 3 * HOUR),
    });
    await writeJson(lock('live'), { session: 'live', pid: holder.pid, started_at: iso(now) });
    await writeJson(lock('reused'), {
      session: 'reused',
      pid: holder.pid,
      started_at: iso(now - 3 * HOUR),
    });
    // The engine's helper lock: not a session lock, never a problem.
    await writeJson(`${lock('live')}.lock`, {
      path: lock('live'),
      pid: deadPid,
      started_at: iso(now),
    });
    await writeJson(state('zombie'), {
      session: 'zombie',
      type: 'loop',
      status: 'running',
      iteration: 2,
    });
    await writeJson(state('live'), {
      session: 'live',
      type: 'loop',
      status: 'running',
      iteration: 1,
    });
    await writeJson(state('done'), { session: 'done', type: 'loop', status: 'completed' });
    await sandbox.tmux(['new-session', '-d', '-s', `pipeline-orphan-${tag}`, '-c', project]);
    await sandbox.tmux(['new-session', '-d', '-s', `pipeline-live`, '-c', project]).catch(() => '');
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      `exited-${tag}`,
      'echo goodbye from the dead pane; sleep 0.2; exit 3',
      ';',
      'set-option',
      '-w',
      '-t',
      `=exited-${tag}:`,
      'remain-on-exit',
      'on',
    ]);
    await eventually(async () => {
      await nudgeTmuxServer(sandbox);
      const out = await sandbox.tmux([
        'list-panes',
        '-t',
        `=exited-${tag}:`,
        '-F',
        '#{pane_dead}#{pane_dead_status}',
      ]);
      return out.trim() === '13';
    }, 'the pane to die with status 3');
    // The tmux skill: a private server and its registry beside its sockets.
    const skillDir = join(sandbox.env.TMPDIR!, 'claude-tmux-sockets');
    const skillSocket = join(skillDir, `claude-${tag}.sock`);
    await mkdir(skillDir, { recursive: true });
    await sandbox.tmuxAt(skillSocket, ['new-session', '-d', '-s', `healthy-${tag}`]);
    const registry = join(skillDir, '.sessions.json');
    const previous = JSON.parse(
      await readFile(registry, 'utf8').catch(() => '{"sessions":{}}'),
    ) as {
      sessions: Record<string, unknown>;
    };
    const entry = (socket: string, target: string) => ({
      socket,
      target,
      type: 'python-repl',
      created_at: iso(now - HOUR),
      last_active: iso(now - HOUR),
    });
    await writeJson(registry, {
      version: '1.0',
      sessions: {
        ...previous.sessions,
        [`healthy-${tag}`]: entry(skillSocket, `healthy-${tag}:0.0`),
        [`missing-${tag}`]: entry(skillSocket, `missing-${tag}:0.0`),
        [`down-${tag}`]: entry(join(skillDir, `nobody-${tag}.sock`), `down-${tag}:0.0`),
      },
    });
    return { project, tag, registry, skillSocket, lock, state };
  }

  function byTitle(
    plan: Awaited<ReturnType<typeof planCleanup>>['plan'],
    kind: CleanupKind,
    part: string,
  ) {
    return plan.items.find((item) => item.kind === kind && item.title.includes(part));
  }

  it('plans every problem class with its evidence, and nothing that is not one', async () => {
    const s = await scene('plan');
    const { plan } = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    expect(plan.projects).toContain(s.project);
    const stale = byTitle(plan, 'staleLock', `run stale in ${s.project}`);
    expect(stale?.evidence).toEqual([
      expect.stringContaining(`stale.lock names pid ${deadPid}`),
      `pid ${deadPid} is not running`,
    ]);
    expect(stale?.recommended).toBe(true);
    const reused = byTitle(plan, 'staleLock', `run reused in ${s.project}`);
    expect(reused?.evidence[1]).toMatch(
      new RegExp(
        `pid ${holder.pid} is alive but that process started at .*after the lock was written .*the pid was reused`,
      ),
    );
    expect(byTitle(plan, 'staleLock', `run live in ${s.project}`)).toBeUndefined();
    expect(plan.items.some((i) => i.title.includes('.lock.lock'))).toBe(false);
    const zombie = byTitle(plan, 'zombieState', `run zombie in ${s.project}`);
    expect(zombie?.evidence).toEqual([
      expect.stringMatching(/state\.json says "running"/),
      'no tmux session pipeline-zombie, loop-zombie, ap-zombie on any server',
      `no lock file ${s.lock('zombie')}`,
    ]);
    expect(byTitle(plan, 'zombieState', `run live in`)).toBeUndefined();
    expect(byTitle(plan, 'zombieState', `run done in`)).toBeUndefined();
    const orphan = byTitle(plan, 'orphanSession', `pipeline-orphan-plan`);
    expect(orphan?.evidence).toEqual(
      expect.arrayContaining([
        `no lock ${s.lock('orphan-plan')}`,
        `no state ${s.state('orphan-plan')}`,
      ]),
    );
    expect(byTitle(plan, 'orphanSession', 'pipeline-live ')).toBeUndefined();
    const dead = byTitle(plan, 'deadPane', `exited-plan:0.0`);
    expect(dead?.evidence[0]).toMatch(/exited with status 3 at/);
    expect(dead?.fix).toContain('(its last pane: this ends the session)');
    const missing = byTitle(plan, 'registryEntry', 'missing-plan (missing)');
    expect(missing?.evidence[1]).toBe(`no session named "missing-plan" on ${s.skillSocket}`);
    expect(byTitle(plan, 'registryEntry', 'down-plan (serverDown)')?.evidence[1]).toMatch(
      /no tmux server answers on/,
    );
    expect(byTitle(plan, 'registryEntry', 'healthy-plan')).toBeUndefined();
    // Stable ids: the same problems, the same ids.
    const again = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    expect(again.plan.items.map((i) => i.id).sort()).toEqual(plan.items.map((i) => i.id).sort());
    expect(again.plan.planId).not.toBe(plan.planId);
  });

  it('applies exactly the selected items and leaves the rest, including a live lock', async () => {
    const s = await scene('apply');
    const planned = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    const items = planned.plan.items.filter(
      (i) => i.title.includes(s.project) || i.title.includes('-apply'),
    );
    const orphan = items.find((i) => i.kind === 'orphanSession')!;
    const missing = items.find((i) => i.title.includes('missing-apply'))!;
    const chosen = items.filter((i) => i !== orphan && i !== missing);
    expect(chosen.map((i) => i.kind).sort()).toEqual(
      ['deadPane', 'registryEntry', 'staleLock', 'staleLock', 'zombieState'].sort(),
    );
    const stateBefore = await readFile(s.state('zombie'), 'utf8');
    const result = await applyCleanup(
      ctx(),
      planned,
      chosen.map((i) => i.id),
    );
    expect(result.results.map((r) => [r.id, r.outcome])).toEqual(chosen.map((i) => [i.id, 'done']));
    // Stale and reused locks are gone, the live one is not.
    await expect(stat(s.lock('stale'))).rejects.toThrow();
    await expect(stat(s.lock('reused'))).rejects.toThrow();
    expect(JSON.parse(await readFile(s.lock('live'), 'utf8'))).toMatchObject({ pid: holder.pid });
    // The zombie is marked failed, everything else in it kept, after a backup beside it.
    const marked = JSON.parse(await readFile(s.state('zombie'), 'utf8')) as Record<string, unknown>;
    expect(marked).toMatchObject({
      session: 'zombie',
      type: 'loop',
      iteration: 2,
      status: 'failed',
    });
    expect(marked.error).toMatchObject({ type: 'zombie' });
    const backups = (await readdir(dirname(s.state('zombie')))).filter((f) =>
      f.startsWith('state.json.bak-'),
    );
    expect(backups).toHaveLength(1);
    expect(await readFile(join(dirname(s.state('zombie')), backups[0]!), 'utf8')).toBe(stateBefore);
    // The dead pane's session is gone, its screen saved; the orphan (not selected) lives.
    const sessions = await sandbox.tmux(['list-sessions', '-F', '#{session_name}']);
    expect(sessions).not.toContain('exited-apply');
    expect(sessions).toContain('pipeline-orphan-apply');
    const histories = await readdir(historyDir(sandbox.env));
    const saved = histories.find((f) => f.startsWith('exited-apply-'))!;
    expect(await readFile(join(historyDir(sandbox.env), saved), 'utf8')).toContain(
      'goodbye from the dead pane',
    );
    // The registry lost exactly the selected entry, after a backup.
    const registry = JSON.parse(await readFile(s.registry, 'utf8')) as {
      sessions: Record<string, unknown>;
    };
    expect(Object.keys(registry.sessions)).toEqual(
      expect.arrayContaining(['healthy-apply', 'missing-apply']),
    );
    expect(registry.sessions['down-apply']).toBeUndefined();
    expect(
      (await readdir(dirname(s.registry))).some((f) => f.startsWith('.sessions.json.bak-')),
    ).toBe(true);
    // Every item is in the audit log, the removed lock's content with it.
    const audit = (await readAudit(sandbox.env)).filter((e) => e.action === 'cleanup');
    for (const item of chosen)
      expect(audit.some((e) => (e.data as { id?: string }).id === item.id)).toBe(true);
    const staleEntry = audit.find((e) => e.target.includes('run stale in'))!;
    expect(JSON.parse((staleEntry.data as { content: string }).content)).toMatchObject({
      pid: deadPid,
    });
  });

  it('re-checks each item right before acting and skips what changed', async () => {
    const s = await scene('race');
    const planned = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    const stale = planned.plan.items.find(
      (i) => i.title === `Stale lock of run stale in ${s.project}`,
    )!;
    const zombie = planned.plan.items.find(
      (i) => i.title === `Zombie state of run zombie in ${s.project}`,
    )!;
    const orphan = planned.plan.items.find((i) => i.title.includes('pipeline-orphan-race'))!;
    // Between plan and apply: the run restarts (a live holder takes the lock),
    // the zombie's engine writes its state, the orphan gets its lock.
    await writeJson(s.lock('stale'), {
      session: 'stale',
      pid: holder.pid,
      started_at: iso(Date.now()),
    });
    await writeJson(s.state('zombie'), { session: 'zombie', status: 'running', iteration: 3 });
    await writeJson(s.lock('orphan-race'), {
      session: 'orphan-race',
      pid: holder.pid,
      started_at: iso(Date.now()),
    });
    const result = await applyCleanup(ctx(), planned, [stale.id, zombie.id, orphan.id]);
    expect(result.results).toEqual([
      expect.objectContaining({
        id: stale.id,
        outcome: 'skipped',
        detail: 'the lock changed since the plan: left in place',
      }),
      expect.objectContaining({
        id: zombie.id,
        outcome: 'skipped',
        detail: 'state.json changed since the plan: left as it is',
      }),
      expect.objectContaining({
        id: orphan.id,
        outcome: 'skipped',
        detail: 'a lock or state for its run appeared: not an orphan any more',
      }),
    ]);
    expect(JSON.parse(await readFile(s.lock('stale'), 'utf8'))).toMatchObject({ pid: holder.pid });
    expect(JSON.parse(await readFile(s.state('zombie'), 'utf8'))).toMatchObject({
      iteration: 3,
      status: 'running',
    });
    expect(await sandbox.tmux(['list-sessions', '-F', '#{session_name}'])).toContain(
      'pipeline-orphan-race',
    );
    const skipped = (await readAudit(sandbox.env)).filter((e) => e.outcome === 'skipped');
    expect(skipped.map((e) => e.target)).toEqual(
      expect.arrayContaining([stale.title, zombie.title]),
    );
  });

  it('leaves a lock the engine rewrote after the plan (same pid, new time) in place', async () => {
    const s = await scene('revived');
    const planned = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    const reused = planned.plan.items.find(
      (i) => i.title === `Stale lock of run reused in ${s.project}`,
    )!;
    // Same bytes, but now the lock says it was written after its holder started.
    const text = await readFile(s.lock('reused'), 'utf8');
    const fresh = text.replace(/"started_at": "[^"]+"/, `"started_at": "${iso(Date.now())}"`);
    await writeFile(s.lock('reused'), fresh);
    const result = await applyCleanup(ctx(), planned, [reused.id]);
    expect(result.results[0]).toMatchObject({ outcome: 'skipped' });
    expect(await readFile(s.lock('reused'), 'utf8')).toBe(fresh);
  });

  it('two cleanups at once: one waits for the other, nothing is done twice', async () => {
    const s = await scene('twice');
    const first = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    const second = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    const ids = first.plan.items
      .filter((i) => i.title.includes(s.project) || i.title.includes('-twice'))
      .map((i) => i.id);
    const [a, b] = await Promise.all([
      applyCleanup(ctx(), first, ids),
      applyCleanup(ctx(), second, ids),
    ]);
    for (const id of ids) {
      const outcomes = [...a.results, ...b.results]
        .filter((r) => r.id === id)
        .map((r) => r.outcome);
      expect(outcomes.sort(), id).toEqual(['done', 'skipped']);
    }
    // Both finished: the lock between them is released.
    await expect(stat(cleanupLockPath(ctx()))).rejects.toThrow();
  });

  it('refuses clearly while another cleanup holds the lock, and takes over a dead one', async () => {
    const s = await scene('busy');
    const planned = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    const held = await acquireProcessLock(cleanupLockPath(ctx()), 'a test holding it');
    const attempt = applyCleanup(
      ctx(),
      planned,
      planned.plan.items.map((i) => i.id),
      { lockWaitMs: 300 },
    );
    await expect(attempt).rejects.toThrow(LockBusyError);
    await expect(attempt).rejects.toThrow(
      /another cleanup is running: process \d+ \(a test holding it, since .*nothing was changed/,
    );
    await held.release();
    expect(await stat(s.lock('stale'))).toBeTruthy();
    // A lock left by a cleanup that died is stale: taken over at once.
    await writeFile(
      cleanupLockPath(ctx()),
      JSON.stringify({
        pid: deadPid,
        processStartedMs: 1,
        createdAt: iso(Date.now()),
        what: 'crashed',
      }),
    );
    const stale = planned.plan.items.find(
      (i) => i.title === `Stale lock of run stale in ${s.project}`,
    )!;
    const result = await applyCleanup(ctx(), planned, [stale.id], { lockWaitMs: 300 });
    expect(result.results[0]).toMatchObject({ outcome: 'done' });
  });

  it("waits for the tmux skill's registry lock, and skips when a writer keeps it", async () => {
    const s = await scene('flock');
    const planned = await planCleanup(ctx(), { olderThanMs: null, projectRoots: [s.project] });
    const item = planned.plan.items.find((i) => i.title.includes('missing-flock'))!;
    const lockFile = join(dirname(s.registry), '.sessions.lock');
    // A registry writer, as the skill's lib/registry.sh holds it.
    // Its own process group: `sleep` inherits the locked fd, so both must end to release it.
    const writer = spawn('flock', ['-x', lockFile, 'sleep', '30'], {
      stdio: 'ignore',
      detached: true,
    });
    await eventually(
      async () => (await stat(lockFile).catch(() => null)) !== null,
      'the writer to hold the lock',
    );
    await new Promise((r) => setTimeout(r, 200));
    const blocked = await applyCleanup(ctx(), planned, [item.id], { registryLockTimeoutMs: 300 });
    expect(blocked.results[0]).toMatchObject({
      outcome: 'skipped',
      detail: expect.stringMatching(/the registry is locked by another writer/),
    });
    const registryNow = async () =>
      (JSON.parse(await readFile(s.registry, 'utf8')) as { sessions: Record<string, unknown> })
        .sessions;
    expect((await registryNow())['missing-flock']).toBeDefined();
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    process.kill(-writer.pid!, 'SIGTERM');
    await exited;
    const done = await applyCleanup(ctx(), planned, [item.id], { registryLockTimeoutMs: 300 });
    expect(done.results[0]).toMatchObject({ outcome: 'done' });
    expect((await registryNow())['missing-flock']).toBeUndefined();
  });

  it('the CLI: dry run changes nothing, --older-than filters, no terminal means exit 2', async () => {
    const s = await scene('cli');
    // The zombie state has not been touched for 3 hours.
    const old = new Date(Date.now() - 3 * HOUR);
    await utimes(s.state('zombie'), old, old);
    const dry = await cli(sandbox, ['cleanup', '--dry-run', '--project-root', s.project]);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^Cleanup plan: \d+ problems:/);
    expect(dry.out).toMatch(/\[x\] stale-lock-[0-9a-f]{10} {2}Stale lock of run stale in /);
    expect(await stat(s.lock('stale'))).toBeTruthy();
    const json = await cli(sandbox, [
      'cleanup',
      '--dry-run',
      '--json',
      '--older-than',
      '2h',
      '--project-root',
      s.project,
    ]);
    const plan = JSON.parse(json.out) as {
      items: { kind: string; title: string }[];
      youngerCount: number;
    };
    const mine = plan.items
      .filter((i) => i.title.includes(s.project))
      .map((i) => i.title)
      .sort();
    expect(mine).toEqual([
      `Stale lock of run reused in ${s.project}`,
      `Stale lock of run stale in ${s.project}`,
      `Zombie state of run zombie in ${s.project}`,
    ]);
    expect(plan.youngerCount).toBeGreaterThan(0);
    const bad = await cli(sandbox, ['cleanup', '--older-than', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      '"soon" is not a duration: use a number and a unit, e.g. 30m, 2h, 2d',
    );
    const refused = await cli(sandbox, ['cleanup', '--project-root', s.project]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('refusing to clean up without confirmation');
    expect(await stat(s.lock('stale'))).toBeTruthy();
    const staleId = /\[x\] (stale-lock-[0-9a-f]{10}) {2}Stale lock of run stale in /.exec(
      dry.out,
    )![1]!;
    const only = await cli(sandbox, [
      'cleanup',
      '--yes',
      '--only',
      staleId,
      '--project-root',
      s.project,
    ]);
    expect(only.code).toBe(0);
    expect(only.out).toMatch(new RegExp(`done +${staleId} {2}removed .*stale\\.lock`));
    await expect(stat(s.lock('stale'))).rejects.toThrow();
    expect(await stat(s.lock('reused'))).toBeTruthy();
  });
});

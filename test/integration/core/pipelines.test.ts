/**
 * Agent pipelines: a fake engine writing locks and state exactly as
 * FIELD.md describes, run in tmux sessions `pipeline-NAME` from their
 * project directory; and runs known only by their files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../preload/contract';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import {
  FAKE_ENGINE,
  run,
  supervise,
  trigger,
  WAIT_MS,
  type Supervised,
} from '../../helpers/supervise';

describe('pipelines (fake engine, real tmux)', () => {
  let sandbox: Sandbox;
  let s: Supervised;
  let project: string;
  let filesOnly: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    project = join(sandbox.root, 'project');
    filesOnly = join(sandbox.root, 'old-project');
    await mkdir(project, { recursive: true });
    await mkdir(filesOnly, { recursive: true });
    await sandbox.tmux(['new-session', '-d', '-s', 'keeper']);
    s = await supervise(sandbox, { projectRoots: [filesOnly] });
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  /** The run's live row (a session that vanished also leaves an ended row of its own). */
  const runNamed = (name: string): Session | undefined =>
    s.find((x) => x.pipeline?.runName === name && !x.ended);
  const reachRun = (name: string, status: Session['status']): Promise<Session> =>
    eventually(
      () => (runNamed(name)?.status === status ? runNamed(name) : null),
      `run ${name} to be ${status}`,
      WAIT_MS,
    ).catch((error: unknown) => {
      const last = runNamed(name);
      throw new Error(
        `${(error as Error).message} (last seen ${last ? `${last.status}: ${last.reason}` : 'absent'})`,
      );
    });

  async function startEngine(name: string, mode: string, max: number): Promise<string> {
    const fifo = join(sandbox.root, `trigger-${name}`);
    await run('mkfifo', [fifo]);
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      `pipeline-${name}`,
      '-c',
      project,
      '--',
      'env',
      `FAKE_ENGINE_MODE=${mode}`,
      `TRIGGER=${fifo}`,
      'FAKE_ITERATION_S=0.1',
      'bash',
      FAKE_ENGINE,
      'ralph',
      name,
      String(max),
    ]);
    return fifo;
  }

  it.each(['complete', 'completed'])(
    'a run that finishes with status "%s": working, then done',
    async (word) => {
      const name = `finish-${word}`;
      const fifo = await startEngine(name, word, 25);
      const working = await reachRun(name, 'working');
      expect(working).toMatchObject({
        id: `pipeline:${project}:${name}`,
        source: 'pipeline',
        live: true,
        name: `pipeline-${name}`,
        pipeline: {
          runName: name,
          projectDir: project,
          maxIterations: 25,
          maxIterationsFrom: 'args',
          stage: 'ralph',
          state: 'running',
        },
        lock: { alive: true, error: null, path: join(project, '.claude', 'locks', `${name}.lock`) },
        flags: { staleLock: false, orphan: false, zombie: false },
      });
      expect(working.lock?.pid).toBeGreaterThan(0);
      // The engine stops between iterations and waits for the trigger.
      await eventually(
        () => runNamed(name)?.pipeline?.iterationCompleted === 3,
        'iteration 3 to complete',
        WAIT_MS,
      );
      expect(runNamed(name)?.reason).toMatch(
        /^(between iterations \(3\/25 done\)|iteration 3\/25), stage ralph$/,
      );
      await trigger(fifo);
      const done = await reachRun(name, 'done');
      expect(done).toMatchObject({
        reason: `pipeline ${word}: agents agreed`,
        pipeline: { state: word, completionReason: 'agents agreed', iteration: 3 },
      });
      // The engine then appends its stop event and removes its lock.
      const settled = await eventually(
        () => {
          const r = runNamed(name);
          return r?.lock === null && r.pipeline?.lastEvent?.type === 'stop' ? r : null;
        },
        'the stop event and the lock removed',
        WAIT_MS,
      );
      expect(settled).toMatchObject({
        status: 'done',
        flags: { staleLock: false, orphan: false, zombie: false },
      });
      expect(settled.pipeline?.progress?.lastLine).toBe('- iteration 3 done');
      // Its tmux session ends with the engine; the run stays listed, under its run name.
      await eventually(() => runNamed(name)?.live === false, 'its session to be gone', WAIT_MS);
      expect(runNamed(name)).toMatchObject({ status: 'done', name, socket: null, panes: [] });
      // working -> done was one session's transition, not two sessions.
      expect(s.transitions.filter((t) => t.sessionId === done.id).map((t) => t.to)).toEqual(
        expect.arrayContaining(['working', 'done']),
      );
    },
  );

  it('a run that dies mid-iteration leaving its lock: crashed, staleLock, and a zombie once its session is gone', async () => {
    const fifo = await startEngine('dies', 'die', 7);
    const working = await reachRun('dies', 'working');
    const pid = working.lock?.pid;
    expect(pid).toBeGreaterThan(0);
    await eventually(() => runNamed('dies')?.pipeline?.iteration === 2, 'iteration 2', WAIT_MS);
    await trigger(fifo);
    const crashed = await reachRun('dies', 'crashed');
    expect(crashed.reason).toBe(`lock holder pid ${pid} is gone (stale lock)`);
    expect(crashed.flags.staleLock).toBe(true);
    expect(crashed.lock).toMatchObject({ pid, alive: false });
    expect(crashed.pipeline).toMatchObject({ state: 'running', iteration: 2, maxIterations: 7 });
    await eventually(() => runNamed('dies')?.live === false, 'its session to be gone', WAIT_MS);
    expect(runNamed('dies')).toMatchObject({
      status: 'crashed',
      flags: { staleLock: true, zombie: true, orphan: false },
    });
    const transitions = s.transitions.filter((t) => t.sessionId === crashed.id);
    expect(transitions.at(-1)).toMatchObject({ from: 'working', to: 'crashed', initial: false });
  });

  it('a run that fails: crashed, with the error it wrote', async () => {
    const fifo = await startEngine('fails', 'fail', 5);
    await reachRun('fails', 'working');
    await eventually(
      () => runNamed('fails')?.pipeline?.iterationCompleted === 3,
      'iteration 3 to complete',
      WAIT_MS,
    );
    await trigger(fifo);
    const crashed = await reachRun('fails', 'crashed');
    expect(crashed.reason).toBe('pipeline failed: agent_error: provider exited with status 2');
    expect(crashed.flags).toMatchObject({ staleLock: false, zombie: false });
  });

  it('runs known only by their files in a configured project root (finished and crashed)', async () => {
    const runs = join(filesOnly, '.claude', 'pipeline-runs');
    const locks = join(filesOnly, '.claude', 'locks');
    await mkdir(join(runs, 'old-done'), { recursive: true });
    await mkdir(join(runs, 'old-crash'), { recursive: true });
    await mkdir(locks, { recursive: true });
    await writeFile(
      join(runs, 'old-done', 'state.json'),
      JSON.stringify({
        session: 'old-done',
        type: 'loop',
        status: 'completed',
        iteration: 9,
        iteration_completed: 9,
        completion_reason: 'all beads complete',
      }),
    );
    // The lock first, as the engine takes it before writing its state; a pid nobody has.
    await writeFile(
      join(locks, 'old-crash.lock'),
      JSON.stringify({ session: 'old-crash', pid: 99999999, started_at: '2026-01-02T03:04:05Z' }),
    );
    await writeFile(
      join(runs, 'old-crash', 'state.json'),
      JSON.stringify({ session: 'old-crash', status: 'running', iteration: 4 }),
    );
    // Helper locks are not sessions.
    await writeFile(
      join(locks, 'old-crash.lock.lock'),
      JSON.stringify({ path: 'x', pid: 1, started_at: 'y' }),
    );
    expect(await reachRun('old-done', 'done')).toMatchObject({
      reason: 'pipeline completed: all beads complete',
      live: false,
      name: 'old-done',
    });
    expect(await reachRun('old-crash', 'crashed')).toMatchObject({
      reason: 'lock holder pid 99999999 is gone (stale lock)',
      flags: { staleLock: true, zombie: true, orphan: false },
    });
    expect(runNamed('old-crash.lock')).toBeUndefined();
  });

  it('bad files give that run unknown with the reason, and a fix is picked up on the next change', async () => {
    const dir = join(filesOnly, '.claude', 'pipeline-runs', 'broken');
    await mkdir(dir, { recursive: true });
    const state = join(dir, 'state.json');
    await writeFile(state, '{"status": "runn');
    expect((await reachRun('broken', 'unknown')).reason).toMatch(/state\.json is not valid JSON/);
    await writeFile(state, Buffer.from([0x7b, 0x00, 0x01, 0x02]));
    await eventually(
      () => /binary data/.test(runNamed('broken')?.reason ?? ''),
      'the binary file reason',
      WAIT_MS,
    );
    await writeFile(state, '');
    await eventually(
      () => /is empty/.test(runNamed('broken')?.reason ?? ''),
      'the empty file reason',
      WAIT_MS,
    );
    await writeFile(state, Buffer.alloc(10 * 1024 * 1024 + 10, 0x20));
    await eventually(
      () => /over the \d+-byte limit/.test(runNamed('broken')?.reason ?? ''),
      'the huge file reason',
      WAIT_MS,
    );
    expect(runNamed('broken')?.pipeline?.stateError).toMatch(/over the/);
    await writeFile(
      state,
      JSON.stringify({ status: 'complete', completion_reason: 'fixed by hand' }),
    );
    expect((await reachRun('broken', 'done')).reason).toBe('pipeline complete: fixed by hand');
    // A lock file of garbage: an error on the lock, never a crash of the supervisor.
    await writeFile(join(filesOnly, '.claude', 'locks', 'broken.lock'), '\u0000\u0001 not a lock');
    await eventually(() => runNamed('broken')?.lock?.error, 'the lock error', WAIT_MS);
    expect(runNamed('broken')).toMatchObject({
      status: 'done',
      lock: { pid: null, alive: null, error: expect.stringMatching(/binary data/) },
    });
    // The supervisor is still following everything else.
    expect(s.named('keeper')).toBeDefined();
  });

  it('a pipeline session with no lock and no state becomes an orphan', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'pipeline-stray', '-c', project]);
    await eventually(() => runNamed('stray')?.flags.orphan === true, 'the orphan flag', WAIT_MS);
    expect(runNamed('stray')).toMatchObject({ live: true, lock: null, pipeline: { state: null } });
    await sandbox.tmux(['kill-session', '-t', '=pipeline-stray']);
    // Nothing on disk: it goes like a plain session, with a last transition.
    await eventually(() => !runNamed('stray'), 'the stray run to go', WAIT_MS);
    expect(s.find((x) => x.name === 'pipeline-stray')?.ended?.lastStatus).toBeDefined();
  });

  it('a lock whose pid is alive but started after the lock was taken is stale (pid reuse)', async () => {
    await mkdir(join(filesOnly, '.claude', 'pipeline-runs', 'reused'), { recursive: true });
    await writeFile(
      join(filesOnly, '.claude', 'pipeline-runs', 'reused', 'state.json'),
      JSON.stringify({ status: 'running', iteration: 1 }),
    );
    await writeFile(
      join(filesOnly, '.claude', 'locks', 'reused.lock'),
      JSON.stringify({ session: 'reused', pid: process.pid, started_at: '2020-01-01T00:00:00Z' }),
    );
    expect(await reachRun('reused', 'crashed')).toMatchObject({
      reason: `lock holder pid ${process.pid} is gone (stale lock)`,
      flags: { staleLock: true },
      lock: { alive: false },
    });
  });

  it('summarizes the providers of a parallel block', async () => {
    const block = join(project, '.claude', 'pipeline-runs', 'par', 'parallel-01-dual-refine');
    await mkdir(join(block, 'providers', 'claude'), { recursive: true });
    await mkdir(join(block, 'providers', 'codex'), { recursive: true });
    await writeFile(
      join(block, 'resume.json'),
      JSON.stringify({
        claude: { stage_index: 0, iteration: 2, status: 'running' },
        codex: { stage_index: 0, iteration: 1, status: 'pending' },
      }),
    );
    await writeFile(
      join(block, 'providers', 'codex', 'state.json'),
      JSON.stringify({ status: 'complete', iteration: 3 }),
    );
    await writeFile(
      join(project, '.claude', 'pipeline-runs', 'par', 'state.json'),
      JSON.stringify({ status: 'running', iteration: 1 }),
    );
    await writeFile(
      join(project, '.claude', 'locks', 'par.lock'),
      JSON.stringify({
        session: 'par',
        pid: process.pid,
        // Held by this test process: alive, and started before the lock was taken.
        started_at: new Date().toISOString(),
      }),
    );
    // This project is known through its sessions' path; no session for "par": it is found by its files.
    const par = await reachRun('par', 'working');
    expect(par.pipeline?.providers).toEqual([
      {
        block: 'parallel-01-dual-refine',
        provider: 'claude',
        status: 'running',
        iteration: 2,
        stageIndex: 0,
      },
      {
        block: 'parallel-01-dual-refine',
        provider: 'codex',
        status: 'complete',
        iteration: 3,
        // Its own state names no stage: the resume hint's.
        stageIndex: 0,
      },
    ]);
    expect(par.reason).toBe('iteration 1; parallel: claude running, codex complete');
  });
});

/**
 * Everything the files of one pipeline run say, read part by part so a
 * change to one file re-reads only that file. Reading never throws: each
 * part carries its own error.
 */
import { join } from 'node:path';
import type { PipelineProvider } from '../../../../preload/contract';
import { LOCAL_MACHINE, type Machine } from '../../machine/machine';
import { pidAlive } from '../../proc/processes';
import { readLastEvent, type PipelineEvent } from './events';
import { readLock, type LockRead } from './lockFile';
import { readProviders } from './parallel';
import { pipelinePaths, type PipelinePaths } from './paths';
import { readProgress, type PipelineProgress } from './progress';
import { runArgsFromArgv } from './runArgs';
import { readState, type StateRead } from './stateFile';

/** A process that started this long after its lock was written is not its holder (pid reuse). */
const PID_REUSE_TOLERANCE_MS = 2_000;

export type RunPart = 'lock' | 'state' | 'events' | 'progress' | 'parallel';
export const ALL_PARTS: readonly RunPart[] = ['lock', 'state', 'events', 'progress', 'parallel'];

export interface LockHolder {
  pid: number;
  alive: boolean;
  /**
   * The pid runs, but the lock has no usable `started_at`: nothing proves that
   * process wrote it (pids are reused), so the holder is unverified, not alive.
   */
  unverified: boolean;
  /** When Loopwatch first saw the holder dead (ms): the fact time of a stale lock. */
  deadSince: number | null;
  /** MAX from the holder's command line (run.sh ... NAME MAX), when readable. */
  maxFromArgs: number | null;
}

export interface RunFacts {
  projectDir: string;
  runName: string;
  /** "claude": `.claude/...` files; "ap": the Go successor's `.ap/locks` (state in SQLite, not read). */
  flavor: 'claude' | 'ap';
  paths: PipelinePaths;
  lock: LockRead;
  holder: LockHolder | null;
  state: StateRead;
  lastEvent: PipelineEvent | null;
  eventsError: string | null;
  progressError: string | null;
  progress: PipelineProgress | null;
  providers: PipelineProvider[];
}

export function apLockPath(projectDir: string, runName: string): string {
  return join(projectDir, '.ap', 'locks', `${runName}.lock`);
}

export function emptyRun(
  projectDir: string,
  runName: string,
  flavor: RunFacts['flavor'],
): RunFacts {
  const paths = pipelinePaths(projectDir, runName);
  return {
    projectDir,
    runName,
    flavor,
    paths: flavor === 'ap' ? { ...paths, lock: apLockPath(projectDir, runName) } : paths,
    lock: { state: 'absent' },
    holder: null,
    state: { state: 'absent' },
    lastEvent: null,
    eventsError: null,
    progressError: null,
    progress: null,
    providers: [],
  };
}

/** Is the lock's pid alive, and is it the process that took the lock? */
async function readHolder(
  run: RunFacts,
  previous: LockHolder | null,
  nowMs: number,
  machine: Machine,
): Promise<LockHolder | null> {
  if (run.lock.state !== 'ok' || run.lock.lock.pid === null) return null;
  const pid = run.lock.lock.pid;
  let alive = await machine.processes.alive(pid);
  const lockedAt = Date.parse(run.lock.lock.startedAt ?? '');
  if (alive && Number.isFinite(lockedAt)) {
    const started = await machine.processes.startTime(pid);
    if (started !== null && started > lockedAt + PID_REUSE_TOLERANCE_MS) alive = false;
  }
  const same = previous?.pid === pid ? previous : null;
  let maxFromArgs = same?.maxFromArgs ?? null;
  if (alive && !same) {
    const argv = await machine.processes.args(pid);
    const args = argv ? runArgsFromArgv(argv) : null;
    maxFromArgs = args && args.runName === run.runName ? args.maxIterations : null;
  }
  return {
    pid,
    alive,
    unverified: alive && !Number.isFinite(lockedAt),
    deadSince: alive ? null : (same?.deadSince ?? nowMs),
    maxFromArgs,
  };
}

/** Re-read the given parts of a run, in place. */
export async function readRunParts(
  run: RunFacts,
  parts: Iterable<RunPart>,
  nowMs = Date.now(),
  machine: Machine = LOCAL_MACHINE,
): Promise<void> {
  const files = machine.files;
  const wanted = new Set(parts);
  const jobs: Promise<void>[] = [];
  if (wanted.has('lock')) {
    jobs.push(
      (async () => {
        run.lock = await readLock(run.paths.lock, files);
        run.holder = await readHolder(run, run.holder, nowMs, machine);
      })(),
    );
  }
  if (run.flavor === 'claude') {
    if (wanted.has('state'))
      jobs.push(
        readState(run.paths.state, files).then((s) => {
          run.state = s;
        }),
      );
    if (wanted.has('events')) {
      jobs.push(
        readLastEvent(run.paths.events, files).then((read) => {
          run.lastEvent = read.ok ? read.last : null;
          run.eventsError = read.ok || read.missing ? null : read.error;
        }),
      );
    }
    if (wanted.has('progress'))
      jobs.push(
        readProgress(run.paths.progress, files).then((p) => {
          run.progress = p.progress;
          run.progressError = p.error;
        }),
      );
    if (wanted.has('parallel'))
      jobs.push(
        readProviders(run.paths.runDir, files).then((p) => {
          run.providers = p;
        }),
      );
  }
  await Promise.all(jobs);
}

/** Re-check the lock holder's pid (no file read). True when its liveness changed. */
export function recheckHolder(
  run: RunFacts,
  nowMs: number,
  alive: (pid: number) => boolean = pidAlive,
): boolean {
  const holder = run.holder;
  if (!holder?.alive) return false;
  if (alive(holder.pid)) return false;
  run.holder = { ...holder, alive: false, deadSince: nowMs };
  return true;
}

/** A run with nothing on disk: no lock, no state (it is a session only while its tmux session lives). */
export function runIsEmpty(run: RunFacts): boolean {
  return run.lock.state === 'absent' && run.state.state === 'absent';
}

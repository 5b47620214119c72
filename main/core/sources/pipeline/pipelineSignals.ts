/**
 * A pipeline run's status signals and cleanup flags, by the engine's own
 * rules (FIELD.md section 1):
 *   status: lock pid alive = active; lock present and pid dead = crashed;
 *           no lock and state "running" = crashed; "failed" = failed;
 *           "complete" / "completed" = finished.
 *   cleanup: STALE_LOCK (lock pid dead), ORPHAN_TMUX (pipeline session with
 *           no lock and no state), ZOMBIE_STATE (state "running", no tmux
 *           session, no live lock holder).
 * state.json is the agent's own word (agent rank); the lock holder's pid is
 * a process fact (process rank).
 */
import type { LockInfo, PipelineInfo, SessionFlags } from '../../../../preload/contract';
import type { Signal } from '../../status/engine';
import type { RunFacts } from './runFacts';
import type { PipelineState } from './stateFile';

/**
 * A pipeline session younger than this without lock or state is starting,
 * not an orphan: the engine creates the session first, then the lock.
 */
export const PIPELINE_GRACE_MS = 5_000;

export interface PipelineContext {
  /** A tmux session for the run exists. */
  live: boolean;
  /** When that tmux session was created (ms), null when none. */
  sessionCreatedMs: number | null;
  /** MAX from the pane's start command or process (run.sh ... NAME MAX), when known. */
  maxFromPane: number | null;
}

export interface PipelineView {
  signals: Signal[];
  flags: Pick<SessionFlags, 'staleLock' | 'orphan' | 'zombie'>;
  lock: LockInfo | null;
  pipeline: PipelineInfo;
  /** When the view changes by time alone (grace ends), or null. */
  recheckAt: number | null;
}

function parseTime(text: string | null | undefined, fallback: number): number {
  const ms = Date.parse(text ?? '');
  return Number.isFinite(ms) ? ms : fallback;
}

/** What of the run's files could not be read or was cut (the state file's own error is stateError). */
function readNotes(run: RunFacts, state: PipelineState | null): string[] {
  const notes: string[] = [];
  if (run.eventsError) notes.push(run.eventsError);
  if (run.progressError) notes.push(run.progressError);
  if (state && state.stagesOmitted > 0) {
    notes.push(
      `${run.paths.state} lists ${state.stages.length + state.stagesOmitted} stages: only the first ${state.stages.length} are kept`,
    );
  }
  return notes;
}

function errorText(state: PipelineState): string | null {
  if (!state.error) return null;
  const { type, message } = state.error;
  if (type && message) return `${type}: ${message}`;
  return message ?? type;
}

function providerSummary(run: RunFacts): string {
  if (run.providers.length === 0) return '';
  const parts = run.providers.map((p) => `${p.provider} ${p.status ?? 'unknown'}`);
  return `; parallel: ${parts.join(', ')}`;
}

function progressText(state: PipelineState, max: number | null): string {
  const of = max === null ? '' : `/${max}`;
  const stage = state.stageName ? `, stage ${state.stageName}` : '';
  if (state.iteration === null) return `running${stage}`;
  if (state.iterationStarted === null && state.iterationCompleted !== null) {
    return `between iterations (${state.iterationCompleted}${of} done)${stage}`;
  }
  return `iteration ${state.iteration}${of}${stage}`;
}

function stateSignals(run: RunFacts, max: number | null): Signal[] {
  const read = run.state;
  if (read.state === 'absent') return [];
  if (read.state === 'error') {
    return [
      {
        rank: 'agent',
        status: 'unknown',
        signal: 'state-unreadable',
        detail: read.error,
        at: 0,
        fallback: true,
      },
    ];
  }
  const state = read.value;
  const mtime = read.mtimeMs;
  switch (state.outcome) {
    case 'complete': {
      const why = state.completionReason ? `: ${state.completionReason}` : '';
      return [
        {
          rank: 'agent',
          status: 'done',
          signal: `state:${state.status ?? 'complete'}`,
          detail: `pipeline ${state.status ?? 'complete'}${why}`,
          at: parseTime(state.completedAt, mtime),
        },
      ];
    }
    case 'failed': {
      const error = errorText(state);
      return [
        {
          rank: 'agent',
          status: 'crashed',
          signal: 'state:failed',
          detail: error ? `pipeline failed: ${error}` : 'pipeline failed',
          at: parseTime(state.failedAt ?? state.error?.timestamp, mtime),
        },
      ];
    }
    case 'running':
      return [
        {
          rank: 'agent',
          status: 'working',
          signal: 'state:running',
          detail: `${progressText(state, max)}${providerSummary(run)}`,
          at: mtime,
        },
      ];
    default:
      return [
        {
          rank: 'agent',
          status: 'unknown',
          signal: 'state:unknown-status',
          detail: `state.json status ${JSON.stringify(state.status)} is not one Loopwatch knows`,
          at: mtime,
          fallback: true,
        },
      ];
  }
}

function lockSignals(
  run: RunFacts,
  stateRunning: boolean,
  hasState: boolean,
  ctx: PipelineContext,
): Signal[] {
  const lock = run.lock;
  if (lock.state === 'error') {
    return [
      {
        rank: 'process',
        status: 'unknown',
        signal: 'lock-unreadable',
        detail: lock.error,
        at: 0,
        fallback: true,
      },
    ];
  }
  if (lock.state === 'ok') {
    const holder = run.holder;
    const pid = lock.lock.pid;
    const at = parseTime(lock.lock.startedAt, lock.mtimeMs);
    if (holder?.alive && holder.unverified) {
      return [
        {
          rank: 'process',
          status: 'unknown',
          signal: 'lock-holder-unverified',
          detail: `lock holder unverified: pid ${pid} is running, but the lock has no usable started_at, so it may be another process that reuses the pid`,
          at: lock.mtimeMs,
          fallback: true,
        },
      ];
    }
    if (holder?.alive) {
      return [
        hasState
          ? {
              rank: 'process',
              status: 'working',
              signal: 'lock-held',
              detail: `lock held by pid ${pid}`,
              at,
            }
          : {
              rank: 'process',
              status: 'starting',
              signal: 'lock-held',
              detail: `lock taken by pid ${pid}, no state yet`,
              at,
            },
      ];
    }
    return [
      {
        rank: 'process',
        status: 'crashed',
        signal: 'lock-holder-dead',
        detail: `lock holder pid ${pid} is gone (stale lock)`,
        at: holder?.deadSince ?? lock.mtimeMs,
        terminal: true,
      },
    ];
  }
  // No lock.
  if (stateRunning && run.state.state === 'ok') {
    const mtime = run.state.mtimeMs;
    const detail = ctx.live
      ? 'state says running, but no lock is held (the engine counts that as crashed)'
      : 'state says running, but there is no lock and no tmux session';
    return [
      {
        rank: 'process',
        status: 'crashed',
        signal: 'no-lock-running',
        detail,
        at: mtime,
        terminal: true,
      },
    ];
  }
  return [];
}

export function pipelineView(run: RunFacts, ctx: PipelineContext, nowMs: number): PipelineView {
  const state = run.state.state === 'ok' ? run.state.value : null;
  const maxFromArgs = run.holder?.maxFromArgs ?? ctx.maxFromPane;
  const maxIterations = maxFromArgs ?? state?.maxIterations ?? null;
  const maxIterationsFrom =
    maxFromArgs !== null ? 'args' : state?.maxIterations != null ? 'state' : null;
  const running = state?.outcome === 'running';
  const hasLock = run.lock.state !== 'absent';
  const hasState = run.state.state !== 'absent';
  const holderAlive = run.holder?.alive === true && !run.holder.unverified;
  const holderUnverified = run.holder?.unverified === true;
  const age =
    ctx.sessionCreatedMs === null ? Number.POSITIVE_INFINITY : nowMs - ctx.sessionCreatedMs;
  const young = ctx.live && age < PIPELINE_GRACE_MS;

  const signals: Signal[] = [...stateSignals(run, maxIterations)];
  if (!(young && !hasLock)) signals.push(...lockSignals(run, running, hasState, ctx));
  if (young && !hasLock && !hasState) {
    signals.push({
      rank: 'process',
      status: 'starting',
      signal: 'pipeline-session-new',
      detail: 'pipeline session started; no lock or state yet',
      at: ctx.sessionCreatedMs ?? nowMs,
    });
  }

  const lock: LockInfo | null =
    run.lock.state === 'absent'
      ? null
      : run.lock.state === 'error'
        ? { path: run.paths.lock, pid: null, alive: null, startedAt: null, error: run.lock.error }
        : {
            path: run.paths.lock,
            pid: run.lock.lock.pid,
            // Unverified: neither alive nor dead is known.
            alive: holderUnverified ? null : (run.holder?.alive ?? null),
            startedAt: run.lock.lock.startedAt,
            error: holderUnverified
              ? `holder unverified: pid ${run.lock.lock.pid} is running, but the lock has no usable started_at`
              : null,
          };

  const pipeline: PipelineInfo = {
    runName: run.runName,
    projectDir: run.projectDir,
    type: state?.type ?? null,
    state: state?.status ?? null,
    stage: state?.stageName ?? null,
    stageIndex: state?.currentStage ?? null,
    stages: state?.stages ?? [],
    iteration: state?.iteration ?? null,
    iterationCompleted: state?.iterationCompleted ?? null,
    maxIterations,
    startedAt: state?.startedAt ?? null,
    completedAt: state?.completedAt ?? null,
    completionReason: state?.completionReason ?? null,
    error: state ? errorText(state) : null,
    stateFile: hasState ? run.paths.state : null,
    stateError: run.state.state === 'error' ? run.state.error : null,
    iterationStarted: state?.iterationStarted ?? null,
    maxIterationsFrom,
    lastEvent: run.lastEvent,
    progress: run.progress,
    providers: run.providers,
    readNotes: readNotes(run, state),
  };

  return {
    signals,
    flags: {
      staleLock: run.lock.state === 'ok' && !holderAlive && !holderUnverified,
      orphan: ctx.live && !young && !hasLock && !hasState,
      zombie: running && !ctx.live && !holderAlive && !holderUnverified,
    },
    lock,
    pipeline,
    recheckAt: young ? (ctx.sessionCreatedMs ?? nowMs) + PIPELINE_GRACE_MS + 1 : null,
  };
}

/**
 * What the details pane shows beyond the Session itself: the pipeline run's
 * lock, state, events and progress files, read bounded and never throwing,
 * and the commands to check the session by hand.
 */
import type {
  FileTail,
  LockDetails,
  Session,
  SessionDetails,
  StateSummary,
} from '../../../preload/contract';
import { readTail } from '../../core/files/readBounded';
import { pidAlive } from '../../core/proc/processes';
import { pipelineRunName } from '../../core/sessions/classify';
import { readLock } from '../../core/sources/pipeline/lockFile';
import {
  pipelinePaths,
  RUN_NAME_PATTERN,
  type PipelinePaths,
} from '../../core/sources/pipeline/paths';
import { readState } from '../../core/sources/pipeline/stateFile';
import type { PeopleRoute } from '../../core/hosts/remoteAttach';
import { handCommands } from './handCommands';

/** Bytes read from the end of an events or progress file: a few dozen lines, never the whole log. */
const TAIL_BYTES = 16 * 1024;
/** Lines of events.jsonl shown: the recent story of the run. */
export const EVENT_LINES = 30;
/** Lines of progress-NAME.md shown. */
export const PROGRESS_LINES = 40;
/** One line longer than this is cut: a runaway JSON line must not flood the pane. */
const MAX_LINE_CHARS = 2_000;

export interface PipelineRun {
  name: string;
  projectDir: string;
  paths: PipelinePaths;
}

/**
 * The pipeline run behind a session: from the supervisor's pipeline info
 * when it has it, else from the session name (`pipeline-NAME`, `loop-NAME`,
 * `ap-NAME`) and the session's directory. Run names that could leave the
 * project's `.claude` folder (`..`, slashes) are refused.
 */
export function pipelineRunOf(session: Session): PipelineRun | null {
  const name = session.pipeline?.runName ?? pipelineRunName(session.name);
  const projectDir = session.pipeline?.projectDir ?? session.projectDir;
  if (!name || !projectDir || !RUN_NAME_PATTERN.test(name)) return null;
  return { name, projectDir, paths: pipelinePaths(projectDir, name) };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export async function readFileTail(path: string, maxLines: number): Promise<FileTail> {
  const read = await readTail(path, TAIL_BYTES);
  if (!read.ok) {
    return {
      path,
      missing: read.missing,
      lines: [],
      truncated: false,
      size: null,
      modifiedAt: null,
      error: read.missing ? null : read.error,
    };
  }
  const all = read.text.split('\n');
  if (all.at(-1) === '') all.pop();
  const lines = all
    .slice(-maxLines)
    .map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line));
  return {
    path,
    missing: false,
    lines,
    truncated: all.length > maxLines || read.size > TAIL_BYTES,
    size: read.size,
    modifiedAt: iso(read.mtimeMs),
    error: null,
  };
}

async function lockDetails(path: string): Promise<LockDetails> {
  const read = await readLock(path);
  if (read.state === 'absent') {
    return { path, missing: true, pid: null, alive: null, startedAt: null, error: null };
  }
  if (read.state === 'error') {
    return { path, missing: false, pid: null, alive: null, startedAt: null, error: read.error };
  }
  const { pid, startedAt } = read.lock;
  return {
    path,
    missing: false,
    pid,
    alive: pid === null ? null : pidAlive(pid),
    startedAt,
    error: null,
  };
}

const EMPTY_STATE = {
  status: null,
  type: null,
  startedAt: null,
  iteration: null,
  iterationCompleted: null,
  maxIterations: null,
  stage: null,
  stageIndex: null,
  stages: [],
  runError: null,
  completionReason: null,
  completedAt: null,
  failedAt: null,
  modifiedAt: null,
} satisfies Omit<StateSummary, 'path' | 'missing' | 'error'>;

async function stateSummary(path: string, session: Session): Promise<StateSummary> {
  const read = await readState(path);
  if (read.state === 'absent') return { path, missing: true, error: null, ...EMPTY_STATE };
  if (read.state === 'error') return { path, missing: false, error: read.error, ...EMPTY_STATE };
  const s = read.value;
  const runError = s.error
    ? [s.error.type, s.error.message].filter((part) => part !== null).join(': ') || 'error'
    : null;
  return {
    path,
    missing: false,
    error: null,
    status: s.status,
    type: s.type,
    startedAt: s.startedAt,
    iteration: s.iteration,
    iterationCompleted: s.iterationCompleted,
    // The MAX argument of run.sh is not always in state.json; the supervisor may know it.
    maxIterations: s.maxIterations ?? session.pipeline?.maxIterations ?? null,
    stage: s.stageName,
    stageIndex: s.currentStage,
    stages: s.stages,
    runError,
    completionReason: s.completionReason,
    completedAt: s.completedAt,
    failedAt: s.failedAt,
    modifiedAt: iso(read.mtimeMs),
  };
}

export async function sessionDetails(
  session: Session,
  nowMs = Date.now(),
  /** A remote session's host as the user's ssh reaches it (its hand commands go through it). */
  remote: PeopleRoute | null = null,
): Promise<SessionDetails> {
  const run = pipelineRunOf(session);
  if (!run) {
    return {
      sessionId: session.id,
      generatedAt: new Date(nowMs).toISOString(),
      run: null,
      lock: null,
      state: null,
      events: null,
      progress: null,
      commands: handCommands(session, null, remote),
    };
  }
  // The supervisor's lock path wins: it found the lock where it really is.
  const lockPath = session.lock?.path ?? run.paths.lock;
  const [lock, state, events, progress] = await Promise.all([
    lockDetails(lockPath),
    stateSummary(run.paths.state, session),
    readFileTail(run.paths.events, EVENT_LINES),
    readFileTail(run.paths.progress, PROGRESS_LINES),
  ]);
  return {
    sessionId: session.id,
    generatedAt: new Date(nowMs).toISOString(),
    run: { name: run.name, projectDir: run.projectDir, runDir: run.paths.runDir },
    lock,
    state,
    events,
    progress,
    commands: handCommands(session, { ...run.paths, lock: lockPath }, remote),
  };
}

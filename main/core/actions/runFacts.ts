/**
 * Everything Loopwatch's own files and the engine's files say about one
 * pipeline run (project dir + NAME), read fresh: the lock and whether its
 * holder lives, state.json, the tmux sessions named after it, and the
 * recorded command line. Start, resume and the runs list decide from this.
 * On a remote host (issue 17) every fact is read there (runPlace.ts).
 */
import type { RunSummary } from '../../../preload/contract';
import { shellCommand } from '../shell/shellQuote';
import { readLock, type LockRead } from '../sources/pipeline/lockFile';
import { pipelinePaths } from '../sources/pipeline/paths';
import { readState, type StateRead } from '../sources/pipeline/stateFile';
import type { ServerScan } from '../tmux/scanServers';
import type { ActionContext } from './context';
import { LOCAL_MACHINE, type Machine } from '../machine/machine';
import { assessHolder, type HolderVerdict } from './holder';
import { runSessionNames } from './names';
import type { TmuxPlace } from './tmuxPlace';
import { learnRunCommand, readRunRecord, type RunRecord } from './runRecords';

export interface RunSessionRef {
  socket: string;
  name: string;
  tmuxId: string;
  /** Every pane is dead (remain-on-exit kept them). */
  allDead: boolean;
}

export interface RunFacts {
  /** The remote host the project is on; null: this machine. */
  host: string | null;
  projectDir: string;
  name: string;
  lockPath: string;
  lock: LockRead;
  holder: HolderVerdict | null;
  statePath: string;
  state: StateRead;
  sessions: RunSessionRef[];
  record: RunRecord | null;
}

export function runSessions(scans: readonly ServerScan[], name: string): RunSessionRef[] {
  const names = new Set(runSessionNames(name));
  return scans.flatMap((scan) =>
    scan.sessions
      .filter((s) => names.has(s.name))
      .map((s) => ({
        socket: scan.socket,
        name: s.name,
        tmuxId: s.sessionId,
        allDead: s.panes.length > 0 && s.panes.every((p) => p.dead),
      })),
  );
}

/** Where a run's facts are read: a machine's files and processes, and its host's name. */
export interface FactsPlace {
  host: string | null;
  machine: Machine;
}

export async function readRunFacts(
  ctx: ActionContext,
  projectDir: string,
  name: string,
  scans: readonly ServerScan[],
  place: FactsPlace = { host: null, machine: LOCAL_MACHINE },
): Promise<RunFacts> {
  const paths = pipelinePaths(projectDir, name);
  const { machine, host } = place;
  const [lock, state] = await Promise.all([
    readLock(paths.lock, machine.files),
    readState(paths.state, machine.files),
  ]);
  const holder = lock.state === 'ok' ? await assessHolder(lock.lock, lock.mtimeMs, machine) : null;
  let record = await readRunRecord(ctx.env, projectDir, name, host);
  if (!record && holder?.alive)
    record = await learnRunCommand(ctx.env, projectDir, name, holder.pid, machine, host);
  return {
    host,
    projectDir,
    name,
    lockPath: paths.lock,
    lock,
    holder,
    statePath: paths.state,
    state,
    sessions: runSessions(scans, name),
    record,
  };
}

/** The attach command for a session, as a person would type it. */
export function attachHint(socket: string, sessionName: string): string {
  return shellCommand(['tmux', '-S', socket, 'attach', '-t', `=${sessionName}`]);
}

/**
 * The engine's own status rule (FIELD.md): lock pid alive = active; lock
 * present and pid dead = crashed; no lock and status "running" = crashed;
 * "failed" = failed. A tmux session with a live pane also counts as live
 * (a run between creating its session and writing its lock).
 */
export function runCondition(facts: RunFacts): Pick<RunSummary, 'condition' | 'reason'> {
  if (facts.holder?.alive) {
    return { condition: 'live', reason: `its lock holder ${facts.holder.detail}` };
  }
  const liveSession = facts.sessions.find((s) => !s.allDead);
  if (liveSession) {
    return {
      condition: 'live',
      reason: `tmux session ${liveSession.name} is running on ${liveSession.socket}${facts.host ? ` on host ${facts.host}` : ''}`,
    };
  }
  const status = facts.state.state === 'ok' ? facts.state.value.outcome : null;
  // A holder here is a dead one (a live one returned above).
  if (facts.holder) {
    if (status === 'complete') return { condition: 'complete', reason: 'state.json says complete' };
    return { condition: 'crashed', reason: `its lock is stale: ${facts.holder.detail}` };
  }
  if (status === 'running') {
    return {
      condition: 'crashed',
      reason: 'state.json says running but no process holds its lock',
    };
  }
  if (status === 'failed') {
    const error = facts.state.state === 'ok' ? facts.state.value.error?.message : null;
    return { condition: 'failed', reason: `state.json says failed${error ? `: ${error}` : ''}` };
  }
  if (status === 'complete') return { condition: 'complete', reason: 'state.json says complete' };
  if (facts.state.state === 'error') return { condition: 'unknown', reason: facts.state.error };
  if (facts.lock.state === 'error') return { condition: 'unknown', reason: facts.lock.error };
  return { condition: 'unknown', reason: 'no lock and no state.json for this run' };
}

export function summarizeRun(facts: RunFacts): RunSummary {
  const { condition, reason } = runCondition(facts);
  const args = facts.record?.args ?? null;
  const sessionLeft = facts.sessions.length > 0;
  return {
    name: facts.name,
    projectDir: facts.projectDir,
    condition,
    reason,
    state: facts.state.state === 'ok' ? facts.state.value.status : null,
    args,
    canResume: args !== null && !sessionLeft && (condition === 'crashed' || condition === 'failed'),
    canForce: args !== null && !sessionLeft && condition !== 'live',
    ...(facts.host ? { host: facts.host } : {}),
  };
}

/** How long to wait for run.sh's tmux session to show up after run.sh returned. */
const SESSION_APPEAR_TIMEOUT_MS = 5_000;
const SESSION_APPEAR_POLL_MS = 100;

/** The server where run NAME's tmux session appeared (there), or null if none did in time. */
export async function waitForRunSession(
  place: Pick<TmuxPlace, 'scanAll'>,
  name: string,
): Promise<string | null> {
  const deadline = Date.now() + SESSION_APPEAR_TIMEOUT_MS;
  for (;;) {
    const found = runSessions(await place.scanAll(), name)[0];
    if (found) return found.socket;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, SESSION_APPEAR_POLL_MS));
  }
}

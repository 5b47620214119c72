/**
 * Is a lock's holder alive? "Stale when no process has that pid" (FIELD.md),
 * plus a guard the engine lacks: pids are reused, so a live pid whose
 * process started after the lock was written cannot be the process that
 * wrote it.
 */
import { LOCAL_MACHINE, type Machine } from '../machine/machine';
import type { LockContent } from '../sources/pipeline/lockFile';

/**
 * How much later than the lock's time its holder may appear to have
 * started: `started_at` has whole seconds (up to 1 s early), and the
 * kernel's boot time that process start times count from is whole seconds
 * too (up to 1 s off).
 */
export const PID_REUSE_TOLERANCE_MS = 2_000;

export type HolderVerdict =
  | { alive: true; pid: number; startedMs: number | null; detail: string }
  | { alive: false; pid: number | null; why: 'dead' | 'reused'; detail: string };

/** When the lock was written: its `started_at`, else the file's mtime. */
export function lockWrittenMs(lock: LockContent, mtimeMs: number | null): number | null {
  const parsed = lock.startedAt ? Date.parse(lock.startedAt) : NaN;
  if (Number.isFinite(parsed)) return parsed;
  return mtimeMs;
}

/** On `machine` (default this one): a remote lock's pid is judged by the host's processes. */
export async function assessHolder(
  lock: LockContent,
  mtimeMs: number | null,
  machine: Machine = LOCAL_MACHINE,
): Promise<HolderVerdict> {
  const pid = lock.pid;
  if (pid === null || !(await machine.processes.alive(pid))) {
    return { alive: false, pid, why: 'dead', detail: `pid ${pid ?? '?'} is not running` };
  }
  const startedMs = await machine.processes.startTime(pid);
  const writtenMs = lockWrittenMs(lock, mtimeMs);
  if (startedMs !== null && writtenMs !== null && startedMs > writtenMs + PID_REUSE_TOLERANCE_MS) {
    return {
      alive: false,
      pid,
      why: 'reused',
      detail:
        `pid ${pid} is alive but that process started at ${new Date(startedMs).toISOString()}, ` +
        `after the lock was written (${new Date(writtenMs).toISOString()}): the pid was reused, the holder is gone`,
    };
  }
  const since = startedMs === null ? '' : ` (since ${new Date(startedMs).toISOString()})`;
  return { alive: true, pid, startedMs, detail: `pid ${pid} is running${since}` };
}

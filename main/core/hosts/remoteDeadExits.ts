/**
 * Exit statuses of a host's dead panes that tmux has not learned. tmux
 * marks a pane dead when its pty closes and learns the exit only when it
 * reaps the process; tmux 3.3a at times leaves that zombie unreaped until
 * its next child exits, so `#{pane_dead_status}` stays empty and the pane
 * reads "dead, exit status unknown" (never done). Locally the zombie is
 * read from /proc (zombieExit); for a host it is read the same way, on the
 * host, over the shared connection: one short `cat /proc/PID/stat` per
 * such pane, retried a few times while the process is still exiting.
 * Used by the live watch (hostWatcher.ts) and by the one-shot `list` and
 * `status` (hostScan.ts, which waits for the reads to settle).
 */
import { EventEmitter } from 'node:events';
import type { ExitInfo } from '../../../preload/contract';
import { zombieExitFromStat } from '../proc/processes';
import type { PaneFacts, TmuxSessionFacts } from '../tmux/formats';
import type { HostConnection } from './hostConnection';

type Exit = Pick<ExitInfo, 'status' | 'signal'>;

/** Reads of one pane's process at most (it may still be exiting at the first). */
const MAX_READS = 4;
/** Between two reads of the same pane. */
const READ_AGAIN_MS = 1_000;
/** One read's bound, connecting included (a stalled link must not hold a read). */
const READ_TIMEOUT_MS = 4_000;
/** A one-shot look waits at most this long for them: every read and retry of one pane. */
export const DEAD_EXITS_SETTLE_MS = READ_TIMEOUT_MS + (MAX_READS - 1) * READ_AGAIN_MS;
/** Panes remembered at most (the oldest forgotten first): dead panes kept by tmux are few. */
const MAX_KEPT = 1_024;

export class RemoteDeadExits extends EventEmitter<{ change: [] }> {
  /** By `socket NUL paneId NUL pid`: the exit read, or null while not known. */
  private readonly exits = new Map<string, Exit | null>();
  private readonly reads = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Keys still being read (a first read, or waiting to read again). */
  private readonly pending = new Set<string>();
  private idle: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly connection: HostConnection) {
    super();
  }

  /**
   * `facts` with the exits read on the host filled in; starts a read for
   * each dead pane tmux gives no exit for (seen for the first time).
   */
  fill(socket: string, facts: TmuxSessionFacts): TmuxSessionFacts {
    let panes: PaneFacts[] | null = null;
    for (const [i, pane] of facts.panes.entries()) {
      if (!pane.dead || pane.exitStatus !== null || pane.exitSignal !== null) continue;
      if (pane.deadPid === null) continue;
      const key = `${socket}\u0000${pane.id}\u0000${pane.deadPid}`;
      if (!this.exits.has(key)) {
        if (this.exits.size >= MAX_KEPT) this.forget(this.exits.keys().next().value!);
        this.exits.set(key, null);
        this.read(key, pane.deadPid);
      }
      const exit = this.exits.get(key);
      if (!exit) continue;
      panes ??= [...facts.panes];
      panes[i] = { ...pane, exitStatus: exit.status, exitSignal: exit.signal };
    }
    return panes === null ? facts : { ...facts, panes };
  }

  /**
   * Resolves when every read started has its answer (or gave up), or after
   * `timeoutMs`: a one-shot `list` fills its panes after this.
   */
  settled(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private finished(key: string): void {
    this.pending.delete(key);
    if (this.pending.size > 0) return;
    const idle = this.idle;
    this.idle = [];
    for (const wake of idle) wake();
  }

  private read(key: string, pid: number): void {
    if (this.stopped) return;
    this.pending.add(key);
    const count = (this.reads.get(key) ?? 0) + 1;
    this.reads.set(key, count);
    void this.connection
      .runRemote(['cat', `/proc/${pid}/stat`], READ_TIMEOUT_MS)
      .then(zombieExitFromStat, () => null)
      .then((exit) => {
        if (this.stopped || !this.exits.has(key)) return this.finished(key);
        if (exit) {
          this.exits.set(key, exit);
          this.finished(key);
          this.emit('change');
        } else if (count >= MAX_READS) this.finished(key);
        else {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.read(key, pid);
          }, READ_AGAIN_MS);
          this.timers.add(timer);
        }
      });
  }

  /** Forget panes of a server no longer watched. */
  forgetServer(socket: string): void {
    for (const key of [...this.exits.keys()])
      if (key.startsWith(`${socket}\u0000`)) this.forget(key);
  }

  private forget(key: string): void {
    this.finished(key);
    this.exits.delete(key);
    this.reads.delete(key);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const key of [...this.pending]) this.finished(key);
  }
}

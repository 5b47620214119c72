/**
 * The supervisor's table of sessions. The supervisor rebuilds the sessions
 * whose inputs changed and applies them here; the store keeps `since`
 * across updates and reports what changed as a delta (for the UIs) and as
 * status transitions (for notifications and the tray). A session is only
 * sent again when something in it changed.
 */
import type { Session, SessionStatus, SessionsDelta, Transition } from '../../../preload/contract';

export interface StoreChange {
  delta: SessionsDelta | null;
  transitions: Transition[];
}

export interface Removal {
  id: string;
  /**
   * Why it ended, when it ended without a known outcome: the store then
   * reports a last transition to `unknown` with this reason before
   * removing it (unless its last status already was an outcome).
   */
  endedReason: string | null;
}

/** Statuses that already say how a session ended: no "ended" transition after them. */
const OUTCOMES: ReadonlySet<SessionStatus> = new Set(['done', 'crashed', 'unknown']);

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /** Serialized form of each session, for cheap change detection. */
  private readonly fingerprints = new Map<string, string>();
  private seqValue = 0;

  get seq(): number {
    return this.seqValue;
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  /**
   * Upsert `next` and remove `removals`. `initial(id)` tells whether a
   * transition of a session first seen now reports a status found at
   * start-up (nobody is notified about those).
   */
  apply(
    next: readonly Session[],
    removals: readonly Removal[],
    nowMs: number,
    initial: (id: string) => boolean,
  ): StoreChange {
    const at = new Date(nowMs).toISOString();
    const upsert: Session[] = [];
    const transitions: Transition[] = [];
    for (const candidate of next) {
      const before = this.sessions.get(candidate.id);
      // A session first seen keeps the `since` it was built with (the time of the fact that
      // decided it, when known); a status change is dated when it was seen.
      const session: Session = !before
        ? candidate
        : before.status === candidate.status
          ? { ...candidate, since: before.since }
          : { ...candidate, since: at };
      if (!before || before.status !== session.status) {
        transitions.push({
          sessionId: session.id,
          name: session.displayName,
          from: before?.status ?? null,
          to: session.status,
          reason: session.reason,
          at,
          initial: !before && initial(session.id),
        });
      }
      const fingerprint = JSON.stringify(session);
      if (this.fingerprints.get(session.id) !== fingerprint) {
        this.fingerprints.set(session.id, fingerprint);
        this.sessions.set(session.id, session);
        upsert.push(session);
      }
    }
    const remove: string[] = [];
    for (const { id, endedReason } of removals) {
      const before = this.sessions.get(id);
      if (!before) continue;
      if (endedReason !== null && !OUTCOMES.has(before.status)) {
        transitions.push({
          sessionId: id,
          name: before.displayName,
          from: before.status,
          to: 'unknown',
          reason: endedReason,
          at,
          initial: false,
        });
      }
      remove.push(id);
      this.sessions.delete(id);
      this.fingerprints.delete(id);
    }
    if (upsert.length === 0 && remove.length === 0) return { delta: null, transitions };
    this.seqValue += 1;
    return { delta: { seq: this.seqValue, upsert, remove }, transitions };
  }

  /** Bump the sequence for a change outside sessions (the server list). */
  bump(): number {
    this.seqValue += 1;
    return this.seqValue;
  }
}

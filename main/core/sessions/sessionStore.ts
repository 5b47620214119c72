/**
 * The supervisor's table of sessions. Sources replace the sessions of one
 * scope (a tmux server, a project's pipeline runs) at a time; the store
 * keeps `since` across updates, and reports what changed as a delta (for
 * the UIs) and as status transitions (for notifications and the tray).
 */
import type { Session, SessionsDelta, Transition } from '../../../preload/contract';

export interface StoreChange {
  delta: SessionsDelta | null;
  transitions: Transition[];
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /** Serialized form of each session, for cheap change detection. */
  private readonly fingerprints = new Map<string, string>();
  private readonly scopes = new Map<string, Set<string>>();
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

  /**
   * Replace every session of `scope` with `next`. `initial` marks statuses
   * found at start-up, so that nobody is notified about them.
   */
  replaceScope(
    scope: string,
    next: readonly Session[],
    nowMs: number,
    initial: boolean,
  ): StoreChange {
    const at = new Date(nowMs).toISOString();
    const previousIds = this.scopes.get(scope) ?? new Set<string>();
    const nextIds = new Set<string>();
    const upsert: Session[] = [];
    const transitions: Transition[] = [];
    for (const candidate of next) {
      nextIds.add(candidate.id);
      const before = this.sessions.get(candidate.id);
      const session: Session =
        before && before.status === candidate.status
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
          initial,
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
    for (const id of previousIds) {
      if (nextIds.has(id)) continue;
      remove.push(id);
      this.sessions.delete(id);
      this.fingerprints.delete(id);
    }
    this.scopes.set(scope, nextIds);
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

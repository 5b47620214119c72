/** The needs-you queue: every waiting session, the longest wait first. */
import type { Session } from '../../../../preload/contract';

function sinceMs(session: Session): number {
  const at = Date.parse(session.since);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

export function needsYou(sessions: Iterable<Session>): Session[] {
  return [...sessions]
    .filter((s) => s.status === 'waiting')
    .sort((a, b) => sinceMs(a) - sinceMs(b) || a.displayName.localeCompare(b.displayName));
}

/**
 * A session whose tmux server stopped answering: its last known facts are
 * kept (a server that does not answer has not ended them), but its status is
 * no longer known. It says `unknown`, why and since when, and what it was
 * last seen as, rather than a status nobody can confirm.
 */
import type { Signal, Verdict } from '../status/engine';

/** "04:35 UTC": the moment the server stopped answering, fixed while it stays silent. */
function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

export function unconfirmed(last: Verdict, socket: string, sinceMs: number): Verdict {
  const signal: Signal = {
    rank: 'process',
    status: 'unknown',
    signal: 'server-unresponsive',
    detail:
      `tmux server on ${socket} unresponsive since ${new Date(sinceMs).toISOString()}; ` +
      `last known: ${last.status} (${last.reason})`,
    at: sinceMs,
  };
  return {
    status: 'unknown',
    reason: `server unresponsive since ${clockTime(sinceMs)}`,
    evidence: [
      {
        rank: signal.rank,
        signal: signal.signal,
        detail: signal.detail,
        at: new Date(sinceMs).toISOString(),
      },
      ...last.evidence,
    ],
    decidedBy: signal,
  };
}

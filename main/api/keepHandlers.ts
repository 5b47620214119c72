/**
 * The API of "keep and restore": ended sessions (their kept screen in the
 * details pane, review, dispose), output logs, restore after a reboot.
 */
import type { Handlers } from './backend';
import { isEndedRowId } from '../core/keep/endedSessions';
import type { Supervisor } from '../core/supervisor';

type KeepOp = 'reviewEnded' | 'disposeEnded' | 'peekSession';

export interface KeepHandlerOptions {
  /** The dashboard's own peek, for live sessions. */
  livePeek: Handlers['peekSession'];
  /** True when a log file is not written by a live session (safe to delete). */
  logIsIdle: (path: string) => boolean;
}

export function createKeepHandlers(
  supervisor: Supervisor,
  options: KeepHandlerOptions,
): Pick<Handlers, KeepOp> {
  return {
    peekSession: async (request) => {
      if (!isEndedRowId(request.sessionId)) return options.livePeek(request);
      const record = supervisor.ended.recordOf(request.sessionId);
      const lines = request.lines ?? null;
      const text = record?.screen ?? null;
      return {
        sessionId: request.sessionId,
        text: text !== null && lines !== null ? text.split('\n').slice(-lines).join('\n') : text,
        capturedAt: record?.screenAt ?? null,
        kept: true,
        error: record
          ? text === null
            ? 'Loopwatch did not read this session’s screen before it ended'
            : null
          : 'this ended session was disposed of',
      };
    },
    reviewEnded: ({ sessionIds }) => {
      const count = supervisor.ended.review(sessionIds);
      return Promise.resolve({
        count,
        removed: [],
        message: `${count} ended session(s) marked reviewed`,
      });
    },
    disposeEnded: async ({ sessionIds }) => {
      const { count, removed } = await supervisor.ended.dispose(sessionIds, options.logIsIdle);
      return {
        count,
        removed,
        message: `${count} ended session(s) disposed of: ${removed.length} file(s) deleted`,
      };
    },
  };
}

/**
 * The API of "keep and restore": ended sessions (their kept screen in the
 * details pane, review, dispose), output logs, restore after a reboot.
 */
import type { LogView, Session } from '../../preload/contract';
import type { Handlers } from './handlerTypes';
import type { ActionContext } from '../core/actions/context';
import { tailLog } from '../core/logs/logView';
import { applyRestore, planRestore } from '../core/restore/restore';
import { SessionLogs } from '../core/logs/sessionLogs';
import type { Env } from '../core/paths';
import { isEndedRowId } from '../core/keep/endedSessions';
import type { Supervisor } from '../core/supervisor';

type KeepOp =
  | 'reviewEnded'
  | 'disposeEnded'
  | 'peekSession'
  | 'setLogging'
  | 'readLog'
  | 'planRestore'
  | 'applyRestore';

export interface KeepHandlerOptions {
  /** The dashboard's own peek, for live sessions. */
  livePeek: Handlers['peekSession'];
  env: Env;
  /** Extra sockets the user named (flags, settings). */
  sockets: () => readonly string[];
  /** Watched remote hosts' connections: restore brings their sessions back there. */
  hosts?: ActionContext['hosts'];
}

/** A session's log as the details pane shows it: read now, because someone looks. */
async function logView(
  logs: SessionLogs,
  session: Session,
  lines: number,
  search: string,
): Promise<LogView> {
  const record = session.socket ? logs.record(session.socket, session.name) : null;
  const file = session.ended ? session.ended.log : (record?.file ?? null);
  const on = !session.ended && record?.on === true;
  const unavailable = session.ended
    ? 'the session has ended'
    : !session.socket || !session.live
      ? 'the session is not live'
      : null;
  if (!file)
    return {
      sessionId: session.id,
      on,
      unavailable,
      path: null,
      size: null,
      lines: [],
      truncated: false,
    };
  const tail = await tailLog(file, lines, search);
  return {
    sessionId: session.id,
    on,
    unavailable,
    path: file,
    size: tail.size,
    lines: tail.error ? [`(${tail.error})`] : tail.lines,
    truncated: tail.truncated,
  };
}

export function createKeepHandlers(
  supervisor: Supervisor,
  options: KeepHandlerOptions,
): Pick<Handlers, KeepOp> {
  const logs = new SessionLogs(options.env);
  const sessionOf = (sessionId: string): Session => {
    const session = supervisor.session(sessionId);
    if (!session) throw new Error(`no session ${JSON.stringify(sessionId)}: it may have ended`);
    return session;
  };
  const ctx = (): ActionContext => ({
    env: options.env,
    sockets: options.sockets(),
    actor: 'app',
    hosts: options.hosts,
  });
  return {
    planRestore: ({ names }) => planRestore(ctx(), names),
    applyRestore: ({ names }) => applyRestore(ctx(), names),
    setLogging: async ({ sessionId, on }) => {
      const session = sessionOf(sessionId);
      if (!session.socket || !session.live || session.ended)
        throw new Error(`${session.displayName} is not a live tmux session: nothing to log`);
      if (on) await logs.on(session.socket, session.name, 'user');
      else await logs.off(session.socket, session.name);
      return logView(logs, session, 1, '');
    },
    readLog: async ({ sessionId, lines, search }) => {
      await logs.load();
      return logView(logs, sessionOf(sessionId), lines, search);
    },
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
      await logs.load();
      const { count, removed } = await supervisor.ended.dispose(sessionIds, (file) =>
        logs.idle(file),
      );
      return {
        count,
        removed,
        message: `${count} ended session(s) disposed of: ${removed.length} file(s) deleted`,
      };
    },
  };
}

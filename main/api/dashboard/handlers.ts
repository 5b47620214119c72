/**
 * The dashboard's operations (details, peek, session marks, answers) over the
 * supervisor. Plugged into the API backend beside the core operations.
 */
import {
  REVIEWABLE_STATUSES,
  type OperationRequest,
  type OperationResponse,
  type Session,
  type Transition,
} from '../../../preload/contract';
import { answerPrompt } from '../../core/actions/answer';
import type { ActionContext } from '../../core/actions/context';
import type { Supervisor } from '../../core/supervisor';
import { PeekService } from './peek';
import { sessionDetails } from './sessionDetails';
import type { SessionMarksStore } from './sessionMarks';

type DashboardOp =
  | 'getSessionDetails'
  | 'peekSession'
  | 'getSessionMarks'
  | 'markReviewed'
  | 'markViewed'
  | 'setNickname'
  | 'answerPrompt';

export type DashboardHandlers = {
  [K in DashboardOp]: (request: OperationRequest<K>) => Promise<OperationResponse<K>>;
};

/** What the dashboard needs of the supervisor (an interface, so tests can feed sessions). */
export type SessionProvider = Pick<
  Supervisor,
  'sessions' | 'capturePane' | 'runnerFor' | 'on' | 'off'
>;

export class NoSuchSessionError extends Error {
  constructor(sessionId: string) {
    super(`no session ${JSON.stringify(sessionId)}: it may have ended; the list is current`);
    this.name = 'NoSuchSessionError';
  }
}

export interface Dashboard {
  handlers: DashboardHandlers;
  dispose(): Promise<void>;
}

export function createDashboard(
  supervisor: SessionProvider,
  marks: SessionMarksStore,
  actions: ActionContext,
): Dashboard {
  const peeks = new PeekService((id, lines) => supervisor.capturePane(id, lines));
  const find = (sessionId: string): Session | undefined =>
    supervisor.sessions().find((s) => s.id === sessionId);
  const sessionOrThrow = (sessionId: string): Session => {
    const session = find(sessionId);
    if (!session) throw new NoSuchSessionError(sessionId);
    return session;
  };
  const onTransition = (transition: Transition): void => marks.onTransition(transition);
  marks.watch();
  supervisor.on('transition', onTransition);

  const handlers: DashboardHandlers = {
    getSessionDetails: async ({ sessionId }) => {
      const session = sessionOrThrow(sessionId);
      const route = session.host ? (actions.hosts?.(session.host)?.route() ?? null) : null;
      return sessionDetails(session, Date.now(), route);
    },
    peekSession: ({ sessionId, lines }) => peeks.peek(sessionId, lines),
    getSessionMarks: () => marks.get(),
    markReviewed: async ({ sessionId, reviewed }) => {
      if (!reviewed) return marks.setReviewed(sessionId, null);
      const session = sessionOrThrow(sessionId);
      if (!REVIEWABLE_STATUSES.has(session.status)) {
        throw new Error(
          `${session.displayName} is ${session.status}: only finished or crashed sessions can be marked reviewed`,
        );
      }
      return marks.setReviewed(sessionId, session.status);
    },
    markViewed: async ({ sessionId }) => {
      sessionOrThrow(sessionId);
      return marks.markViewed(sessionId);
    },
    setNickname: ({ sessionId, nickname }) => marks.setNickname(sessionId, nickname),
    answerPrompt: async ({ sessionId, prompt, key, confirmed }) => {
      const session = sessionOrThrow(sessionId);
      // A remote host's pane is read again and answered there, over the host's connection.
      const runner = !session.socket
        ? null
        : session.host
          ? (actions.hosts?.(session.host)?.tmuxRunner(session.socket) ?? null)
          : supervisor.runnerFor(session.socket);
      return answerPrompt(actions, runner, { session, prompt, key, confirmed: confirmed ?? false });
    },
  };
  return {
    handlers,
    dispose: () => {
      supervisor.off('transition', onTransition);
      return marks.dispose();
    },
  };
}

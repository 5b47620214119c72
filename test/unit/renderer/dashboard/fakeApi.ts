/**
 * A LoopwatchApi and Transport for component tests: a snapshot to load,
 * deltas and marks pushed by the test, and dashboard operations answered
 * by functions the test can replace.
 */
import { vi, type Mock } from 'vitest';
import type {
  HostHealth,
  LoopwatchApi,
  Peek,
  Session,
  SessionDetails,
  SessionMarks,
  SessionsDelta,
} from '../../../../preload/contract';
import type { ConnectionState, Transport } from '../../../../renderer/src/api/transport';

export interface FakeApi {
  api: LoopwatchApi;
  transport: Transport;
  /** Push a delta built from the sessions given (the next seq). */
  upsert(...sessions: Session[]): void;
  remove(...ids: string[]): void;
  /** Push a delta carrying only the hosts' health. */
  pushHosts(hosts: HostHealth[]): void;
  pushMarks(marks: SessionMarks): void;
  setConnection(state: ConnectionState): void;
  markReviewed: Mock<(request: { sessionId: string; reviewed: boolean }) => Promise<SessionMarks>>;
  markViewed: Mock<(request: { sessionId: string }) => Promise<SessionMarks>>;
  peekSession: Mock<(request: { sessionId: string; lines?: number }) => Promise<Peek>>;
  getSessionDetails: Mock<(request: { sessionId: string }) => Promise<SessionDetails>>;
}

export function emptyDetails(sessionId: string): SessionDetails {
  return {
    sessionId,
    generatedAt: '2026-11-21T03:04:05.000Z',
    run: null,
    lock: null,
    state: null,
    events: null,
    progress: null,
    commands: [],
  };
}

export function fakeApi(
  sessions: Session[],
  marks: SessionMarks = { marks: [], problem: null },
  hosts: HostHealth[] | null = null,
): FakeApi {
  let seq = 1;
  let connection: ConnectionState = 'open';
  const deltaListeners = new Set<(d: SessionsDelta) => void>();
  const markListeners = new Set<(m: SessionMarks) => void>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  let currentMarks = marks;
  const markReviewed = vi.fn(
    ({ sessionId, reviewed }: { sessionId: string; reviewed: boolean }) => {
      const session = sessions.find((s) => s.id === sessionId);
      const others = currentMarks.marks.filter((m) => m.sessionId !== sessionId);
      currentMarks = {
        problem: null,
        marks: [
          ...others,
          {
            sessionId,
            reviewedStatus: reviewed && session ? session.status : null,
            reviewedAt: reviewed ? '2026-11-21T03:04:05.000Z' : null,
            viewedAt: null,
          },
        ],
      };
      return Promise.resolve(currentMarks);
    },
  );
  const markViewed = vi.fn((_request: { sessionId: string }) => Promise.resolve(currentMarks));
  const peekSession = vi.fn(({ sessionId }: { sessionId: string }): Promise<Peek> =>
    Promise.resolve({
      sessionId,
      text: `screen of ${sessionId}`,
      capturedAt: '2026-11-21T03:04:05.000Z',
      kept: false,
      error: null,
    }),
  );
  const getSessionDetails = vi.fn(({ sessionId }: { sessionId: string }): Promise<SessionDetails> =>
    Promise.resolve(emptyDetails(sessionId)),
  );
  const api = {
    getSnapshot: () =>
      Promise.resolve({
        seq,
        generatedAt: '2026-11-21T03:04:05.000Z',
        servers: [],
        sessions,
        ...(hosts ? { hosts } : {}),
      }),
    getSessionMarks: () => Promise.resolve(currentMarks),
    markReviewed,
    markViewed,
    peekSession,
    getSessionDetails,
    onSessionsDelta: (listener: (d: SessionsDelta) => void) => {
      deltaListeners.add(listener);
      return () => deltaListeners.delete(listener);
    },
    onTransition: () => () => undefined,
    onSessionMarks: (listener: (m: SessionMarks) => void) => {
      markListeners.add(listener);
      return () => markListeners.delete(listener);
    },
  } as unknown as LoopwatchApi;
  const transport: Transport = {
    api,
    openTerminal: () => Promise.reject(new Error('no terminals in this test')),
    connection: () => connection,
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
  const push = (delta: Omit<SessionsDelta, 'seq'>): void => {
    seq += 1;
    for (const listener of deltaListeners) listener({ seq, ...delta });
  };
  return {
    api,
    transport,
    upsert: (...upsert) => push({ upsert, remove: [] }),
    remove: (...remove) => push({ upsert: [], remove }),
    pushHosts: (next) => push({ upsert: [], remove: [], hosts: next }),
    pushMarks: (m) => {
      currentMarks = m;
      for (const listener of markListeners) listener(m);
    },
    setConnection: (state) => {
      connection = state;
      for (const listener of connectionListeners) listener(state);
    },
    markReviewed,
    markViewed,
    peekSession,
    getSessionDetails,
  };
}

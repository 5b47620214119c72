import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiBackend } from '../../../../main/api/backend';
import {
  bridgeSocket,
  COALESCE_ABOVE_BYTES,
  MAX_BUFFERED_BYTES,
  type BridgedSocket,
} from '../../../../main/server/wsBridge';
import type { SessionsDelta } from '../../../../preload/contract';

type Handler = (payload: unknown) => void;

/** A socket whose unread bytes the test sets, recording what was sent and how it closed. */
function harness() {
  const handlers = new Map<string, Handler>();
  const sent: { ev?: string; payload?: SessionsDelta }[] = [];
  const closed: [number, string][] = [];
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (text: string) => sent.push(JSON.parse(text) as { ev?: string; payload?: SessionsDelta }),
    close: (code: number, reason: string) => closed.push([code, reason]),
    on: () => socket,
  };
  const backend = {
    subscribe: (name: string, handler: Handler) => {
      handlers.set(name, handler);
      return () => handlers.delete(name);
    },
    dispatch: () => Promise.resolve(null),
  } as unknown as ApiBackend;
  bridgeSocket(socket as unknown as BridgedSocket, backend);
  const delta = (seq: number): void =>
    handlers.get('sessionsDelta')!({ seq, upsert: [], remove: [`gone-${seq}`] });
  return { socket, sent, closed, delta };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WebSocket slow consumers', () => {
  it('sends deltas at once to a client that keeps up', () => {
    const { sent, delta } = harness();
    delta(1);
    delta(2);
    expect(sent.map((m) => m.payload?.seq)).toEqual([1, 2]);
  });

  it('holds deltas back while a client is behind, then sends the latest state, not every step', () => {
    vi.useFakeTimers();
    const { socket, sent, delta } = harness();
    socket.bufferedAmount = COALESCE_ABOVE_BYTES + 1;
    for (let seq = 2; seq <= 50; seq++) delta(seq);
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([]);
    socket.bufferedAmount = 0;
    vi.advanceTimersByTime(1_000);
    // One message: an empty delta at the latest seq (a gap: the client loads a snapshot).
    expect(sent).toEqual([
      { t: 'evt', ev: 'sessionsDelta', payload: { seq: 50, upsert: [], remove: [] } },
    ]);
  });

  it('a single held delta is sent as it is (no gap to fill)', () => {
    vi.useFakeTimers();
    const { socket, sent, delta } = harness();
    socket.bufferedAmount = COALESCE_ABOVE_BYTES + 1;
    delta(7);
    socket.bufferedAmount = 0;
    vi.advanceTimersByTime(1_000);
    expect(sent.map((m) => m.payload)).toEqual([{ seq: 7, upsert: [], remove: ['gone-7'] }]);
  });

  it(`drops a client past ${MAX_BUFFERED_BYTES} unread bytes, saying why`, () => {
    vi.useFakeTimers();
    const { socket, sent, closed, delta } = harness();
    socket.bufferedAmount = MAX_BUFFERED_BYTES + 1;
    delta(1);
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([]);
    expect(closed).toEqual([[1013, `client too slow: ${MAX_BUFFERED_BYTES + 1} bytes unread`]]);
  });
});

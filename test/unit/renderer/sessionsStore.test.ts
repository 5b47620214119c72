import { describe, expect, it, vi } from 'vitest';
import type { LoopwatchApi, SessionsDelta, Snapshot } from '../../../preload/contract';
import type { ConnectionState, Transport } from '../../../renderer/src/api/transport';
import { SessionsStore } from '../../../renderer/src/state/sessionsStore';
import { sampleSession } from '../../helpers/samples';

function fakeTransport(snapshots: Snapshot[]) {
  let deltaListener: ((d: SessionsDelta) => void) | null = null;
  let connectionListener: ((s: ConnectionState) => void) | null = null;
  let state: ConnectionState = 'open';
  const getSnapshot = vi.fn(() => Promise.resolve(snapshots.shift()!));
  const api = {
    getSnapshot,
    onSessionsDelta: (l: (d: SessionsDelta) => void) => {
      deltaListener = l;
      return () => (deltaListener = null);
    },
    onTransition: () => () => {},
  } as unknown as LoopwatchApi;
  const transport: Transport = {
    api,
    connection: () => state,
    onConnection: (l) => {
      connectionListener = l;
      return () => (connectionListener = null);
    },
    openTerminal: () => Promise.reject(new Error('no terminals in this test')),
  };
  return {
    transport,
    getSnapshot,
    delta: (d: SessionsDelta) => deltaListener?.(d),
    setConnection: (s: ConnectionState) => {
      state = s;
      connectionListener?.(s);
    },
  };
}

const snap = (seq: number, ids: string[]): Snapshot => ({
  seq,
  generatedAt: '2026-11-21T00:00:00.000Z',
  servers: [],
  sessions: ids.map((id) => sampleSession({ id, name: id, displayName: id })),
});

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('SessionsStore', () => {
  it('loads a snapshot, then applies deltas in order', async () => {
    const t = fakeTransport([snap(1, ['a'])]);
    const store = new SessionsStore(t.transport);
    await flush();
    expect([...store.getState().sessions.keys()]).toEqual(['a']);
    t.delta({ seq: 2, upsert: [sampleSession({ id: 'b' })], remove: ['a'] });
    expect([...store.getState().sessions.keys()]).toEqual(['b']);
    expect(store.getState().seq).toBe(2);
  });

  it('keeps unchanged sessions identical, so their rows do not re-render', async () => {
    const t = fakeTransport([snap(1, ['a', 'b'])]);
    const store = new SessionsStore(t.transport);
    await flush();
    const before = store.getState().sessions.get('a');
    t.delta({ seq: 2, upsert: [sampleSession({ id: 'b', status: 'waiting' })], remove: [] });
    expect(store.getState().sessions.get('a')).toBe(before);
  });

  it('asks for a fresh snapshot when a delta is missing', async () => {
    const t = fakeTransport([snap(1, ['a']), snap(5, ['z'])]);
    const store = new SessionsStore(t.transport);
    await flush();
    t.delta({ seq: 4, upsert: [], remove: ['a'] });
    await flush();
    expect(t.getSnapshot).toHaveBeenCalledTimes(2);
    expect([...store.getState().sessions.keys()]).toEqual(['z']);
  });

  it('reloads after a reconnect and tracks the connection state', async () => {
    const t = fakeTransport([snap(1, ['a']), snap(1, ['a', 'c'])]);
    const store = new SessionsStore(t.transport);
    await flush();
    t.setConnection('reconnecting');
    expect(store.getState().connection).toBe('reconnecting');
    expect(store.getState().sessions.size).toBe(1);
    t.setConnection('open');
    await flush();
    expect([...store.getState().sessions.keys()]).toEqual(['a', 'c']);
  });
});

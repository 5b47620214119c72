import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../../../main/core/sessions/sessionStore';
import { sampleSession } from '../../../../helpers/samples';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const yes = (): boolean => true;
const no = (): boolean => false;

describe('SessionStore', () => {
  it('reports new sessions as upserts and initial transitions from nothing', () => {
    const store = new SessionStore();
    const change = store.apply([sampleSession()], [], T0, yes);
    expect(change.delta).toMatchObject({ seq: 1, remove: [] });
    expect(change.delta?.upsert).toHaveLength(1);
    expect(change.transitions).toEqual([
      expect.objectContaining({ from: null, to: 'working', initial: true }),
    ]);
  });

  it('keeps `since` while the status stays, and moves it on a transition', () => {
    const store = new SessionStore();
    // First seen: the time of the fact that decided it, as built.
    const decidedAt = '2026-11-21T09:58:00.000Z';
    store.apply([sampleSession({ since: decidedAt })], [], T0, yes);
    expect(store.all()[0]!.since).toBe(decidedAt);
    store.apply(
      [sampleSession({ reason: 'still busy', since: new Date(T0 + 5000).toISOString() })],
      [],
      T0 + 5000,
      no,
    );
    expect(store.all()[0]!.since).toBe(decidedAt);
    const change = store.apply(
      [sampleSession({ status: 'waiting', reason: 'Permission prompt' })],
      [],
      T0 + 9000,
      yes,
    );
    expect(store.all()[0]!.since).toBe(new Date(T0 + 9000).toISOString());
    expect(change.transitions).toEqual([
      expect.objectContaining({
        from: 'working',
        to: 'waiting',
        reason: 'Permission prompt',
        // A change of a session already known is never "found at start-up".
        initial: false,
      }),
    ]);
  });

  it('emits nothing when nothing changed', () => {
    const store = new SessionStore();
    store.apply([sampleSession()], [], T0, yes);
    const change = store.apply([sampleSession()], [], T0 + 1000, no);
    expect(change.delta).toBeNull();
    expect(change.transitions).toEqual([]);
    expect(store.seq).toBe(1);
  });

  it('removes a session, with a last "ended" transition when its outcome is unknown', () => {
    const store = new SessionStore();
    store.apply([sampleSession({ id: 'a1' }), sampleSession({ id: 'b1' })], [], T0, yes);
    const change = store.apply(
      [],
      [{ id: 'a1', endedReason: 'session ended; exit status unknown' }],
      T0 + 1,
      no,
    );
    expect(change.delta).toMatchObject({ seq: 2, upsert: [], remove: ['a1'] });
    expect(change.transitions).toEqual([
      expect.objectContaining({
        sessionId: 'a1',
        from: 'working',
        to: 'unknown',
        reason: 'session ended; exit status unknown',
      }),
    ]);
    expect(store.all().map((s) => s.id)).toEqual(['b1']);
  });

  it('removes a session whose outcome is known without another transition', () => {
    const store = new SessionStore();
    store.apply([sampleSession({ id: 'a1', status: 'done' })], [], T0, yes);
    const change = store.apply([], [{ id: 'a1', endedReason: 'session ended' }], T0 + 1, no);
    expect(change.delta?.remove).toEqual(['a1']);
    expect(change.transitions).toEqual([]);
  });
});

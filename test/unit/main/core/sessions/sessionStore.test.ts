import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../../../main/core/sessions/sessionStore';
import { sampleSession } from '../../../../helpers/samples';

const T0 = Date.parse('2026-11-21T10:00:00Z');

describe('SessionStore', () => {
  it('reports new sessions as upserts and initial transitions from nothing', () => {
    const store = new SessionStore();
    const change = store.replaceScope('tmux:a', [sampleSession()], T0, true);
    expect(change.delta).toMatchObject({ seq: 1, remove: [] });
    expect(change.delta?.upsert).toHaveLength(1);
    expect(change.transitions).toEqual([
      expect.objectContaining({ from: null, to: 'working', initial: true }),
    ]);
  });

  it('keeps `since` while the status stays, and moves it on a transition', () => {
    const store = new SessionStore();
    store.replaceScope('tmux:a', [sampleSession()], T0, true);
    store.replaceScope('tmux:a', [sampleSession({ reason: 'still busy' })], T0 + 5000, false);
    expect(store.all()[0]!.since).toBe(new Date(T0).toISOString());
    const change = store.replaceScope(
      'tmux:a',
      [sampleSession({ status: 'waiting', reason: 'Permission prompt' })],
      T0 + 9000,
      false,
    );
    expect(store.all()[0]!.since).toBe(new Date(T0 + 9000).toISOString());
    expect(change.transitions).toEqual([
      expect.objectContaining({
        from: 'working',
        to: 'waiting',
        reason: 'Permission prompt',
        initial: false,
      }),
    ]);
  });

  it('emits nothing when nothing changed', () => {
    const store = new SessionStore();
    store.replaceScope('tmux:a', [sampleSession()], T0, true);
    const change = store.replaceScope('tmux:a', [sampleSession()], T0 + 1000, false);
    expect(change.delta).toBeNull();
    expect(change.transitions).toEqual([]);
    expect(store.seq).toBe(1);
  });

  it('removes sessions gone from their scope only', () => {
    const store = new SessionStore();
    store.replaceScope('tmux:a', [sampleSession({ id: 'a1' })], T0, true);
    store.replaceScope('tmux:b', [sampleSession({ id: 'b1' })], T0, true);
    const change = store.replaceScope('tmux:a', [], T0 + 1, false);
    expect(change.delta).toMatchObject({ seq: 3, upsert: [], remove: ['a1'] });
    expect(store.all().map((s) => s.id)).toEqual(['b1']);
  });
});

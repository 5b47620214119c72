import { describe, expect, it } from 'vitest';
import { MarksStore } from '../../../renderer/src/state/marksStore';
import { SessionsStore } from '../../../renderer/src/state/sessionsStore';
import { sampleSession } from '../../helpers/samples';
import { fakeApi } from './dashboard/fakeApi';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('MarksStore', () => {
  it('loads marks, applies pushed changes, and keeps unchanged marks identical', async () => {
    const mark = {
      sessionId: 'a',
      reviewedStatus: 'done' as const,
      reviewedAt: '2026-01-01T00:00:00.000Z',
      viewedAt: null,
    };
    const fake = fakeApi([], { marks: [mark], problem: null });
    const store = new MarksStore(fake.transport);
    await flush();
    const first = store.getState().marks.get('a');
    expect(first?.reviewedStatus).toBe('done');
    fake.pushMarks({
      marks: [{ ...mark }, { ...mark, sessionId: 'b', viewedAt: '2026-01-01T00:00:01.000Z' }],
      problem: null,
    });
    expect(store.getState().marks.get('a')).toBe(first);
    expect(store.getState().marks.get('b')?.viewedAt).toBe('2026-01-01T00:00:01.000Z');
    store.dispose();
  });

  it('shows a failed request as a problem instead of throwing', async () => {
    const fake = fakeApi([]);
    fake.markReviewed.mockImplementation(() => Promise.reject(new Error('x is working: no')));
    const store = new MarksStore(fake.transport);
    await store.markReviewed('x', true);
    expect(store.getState().problem).toBe('x is working: no');
    store.dismissProblem();
    expect(store.getState().problem).toBeNull();
  });

  it('reloads on reconnect', async () => {
    const fake = fakeApi([]);
    const store = new MarksStore(fake.transport);
    await flush();
    fake.pushMarks({ marks: [], problem: 'marks file was malformed' });
    fake.setConnection('reconnecting');
    fake.setConnection('open');
    await flush();
    expect(store.getState().problem).toBe('marks file was malformed');
  });
});

describe('SessionsStore after a reconnect', () => {
  it('keeps unchanged sessions identical across a fresh snapshot', async () => {
    const a = sampleSession({ id: 'a' });
    const b = sampleSession({ id: 'b', reason: 'before' });
    const fake = fakeApi([a, b]);
    const store = new SessionsStore(fake.transport);
    await flush();
    const before = store.getState().sessions;
    // The server restarted: same sessions, new objects, one changed.
    fake.api.getSnapshot = () =>
      Promise.resolve({
        seq: 1,
        generatedAt: '2026-11-21T03:04:05.000Z',
        servers: [],
        sessions: [structuredClone(a), { ...structuredClone(b), reason: 'after' }],
      });
    fake.setConnection('reconnecting');
    fake.setConnection('open');
    await flush();
    const after = store.getState().sessions;
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('b')?.reason).toBe('after');
    store.dispose();
  });
});

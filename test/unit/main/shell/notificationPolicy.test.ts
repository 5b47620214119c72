import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type LoopwatchNotification,
  type Session,
  type SessionStatus,
  type Settings,
  type Transition,
} from '../../../../preload/contract';
import {
  COALESCE_WINDOW_MS,
  COOLDOWN_MS,
  kindOf,
  NotificationPolicy,
} from '../../../../main/shell/notificationPolicy';
import { sampleSession } from '../../../helpers/samples';

const START = Date.parse('2026-11-21T10:00:00.000Z');

interface World {
  policy: NotificationPolicy;
  delivered: LoopwatchNotification[];
  settings: Settings;
  sessions: Map<string, Session>;
  focused: string | null;
  /** A session moves from `from` to `to` (the supervisor's transition), now. */
  move(
    name: string,
    from: SessionStatus | null,
    to: SessionStatus,
    extra?: Partial<Transition>,
  ): void;
}

function world(): World {
  const w: World = {
    delivered: [],
    settings: { ...DEFAULT_SETTINGS },
    sessions: new Map(),
    focused: null,
    policy: null as unknown as NotificationPolicy,
    move(name, from, to, extra = {}) {
      const id = `tmux:/s:${name}`;
      const before = w.sessions.get(id);
      w.sessions.set(
        id,
        before
          ? { ...before, status: to }
          : sampleSession({
              id,
              name,
              displayName: name,
              source: 'plain',
              status: to,
              projectDir: `/home/u/projects/${name}-repo`,
            }),
      );
      w.policy.onTransition({
        sessionId: id,
        name,
        from,
        to,
        reason: reasonFor(to),
        at: new Date(Date.now()).toISOString(),
        initial: false,
        ...extra,
      });
    },
  };
  w.policy = new NotificationPolicy({
    settings: () => w.settings,
    focusedSession: () => w.focused,
    session: (id) => w.sessions.get(id),
    deliver: (n) => w.delivered.push(n),
  });
  return w;
}

function reasonFor(to: SessionStatus): string {
  if (to === 'waiting') return 'Permission prompt: Bash(rm -rf build)';
  if (to === 'crashed') return 'pane %3 exited with status 3';
  if (to === 'done') return 'pane %3 exited with status 0';
  return 'output in the last few seconds';
}

function settle(): void {
  vi.advanceTimersByTime(COALESCE_WINDOW_MS);
}

let w: World;
beforeEach(() => {
  vi.useFakeTimers({ now: START });
  w = world();
});
afterEach(() => {
  w.policy.dispose();
  vi.useRealTimers();
});

describe('notification policy', () => {
  it('says who needs you, in which project, and why; a click target is the session', () => {
    w.move('api', 'working', 'waiting');
    expect(w.delivered).toEqual([]); // Held for the coalescing window.
    settle();
    expect(w.delivered).toEqual([
      {
        id: expect.any(String),
        kind: 'needsYou',
        title: 'api needs you',
        body: 'api-repo · Permission prompt: Bash(rm -rf build)',
        sessionId: 'tmux:/s:api',
        sessionIds: ['tmux:/s:api'],
        silent: false,
        at: new Date(START + COALESCE_WINDOW_MS).toISOString(),
      },
    ]);
  });

  it('classifies: waiting, done and crashed; idle after working only for interactive agents', () => {
    const shell = sampleSession({
      source: 'plain',
      panes: [{ ...sampleSession().panes[0]!, currentCommand: 'bash' }],
    });
    const claude = sampleSession({
      source: 'plain',
      panes: [{ ...sampleSession().panes[0]!, currentCommand: 'claude' }],
    });
    expect(kindOf({ from: 'working', to: 'waiting' }, shell)).toBe('needsYou');
    expect(kindOf({ from: 'working', to: 'done' }, shell)).toBe('finished');
    expect(kindOf({ from: 'idle', to: 'crashed' }, shell)).toBe('crashed');
    expect(kindOf({ from: 'working', to: 'idle' }, claude)).toBe('finished');
    expect(kindOf({ from: 'working', to: 'idle' }, shell)).toBeNull();
    expect(kindOf({ from: 'starting', to: 'idle' }, claude)).toBeNull();
    expect(kindOf({ from: 'working', to: 'idle' }, sampleSession({ source: 'schmux' }))).toBe(
      'finished',
    );
    expect(kindOf({ from: 'working', to: 'idle' }, sampleSession({ source: 'pipeline' }))).toBe(
      null,
    );
    expect(kindOf({ from: 'idle', to: 'working' }, claude)).toBeNull();
  });

  it('is silent about the statuses found at start-up', () => {
    w.move('a', null, 'waiting', { initial: true });
    w.move('b', null, 'crashed', { initial: true });
    w.move('c', null, 'done', { initial: true });
    settle();
    expect(w.delivered).toEqual([]);
    // ...but the next real change of the same session notifies.
    w.move('a', 'waiting', 'crashed');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['a crashed']);
  });

  it('names the host of a remote session (issue 17)', () => {
    w.move('a', 'working', 'crashed', { host: 'gpu' });
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['a on gpu crashed']);
    w.move('b', 'working', 'done', { host: 'gpu' });
    w.move('c', 'working', 'done');
    settle();
    expect(w.delivered.at(-1)?.body).toBe('b (gpu), c');
  });

  it('turns a burst into one summary per kind: "4 sessions finished: a, b, c, +1"', () => {
    for (const name of ['a', 'b', 'c', 'd']) {
      w.move(name, 'working', 'done');
      vi.advanceTimersByTime(100);
    }
    settle();
    expect(w.delivered).toHaveLength(1);
    const [summary] = w.delivered;
    expect(`${summary!.title}: ${summary!.body}`).toBe('4 sessions finished: a, b, c, +1');
    expect(summary!.sessionId).toBeNull();
    expect(summary!.sessionIds).toEqual(['a', 'b', 'c', 'd'].map((n) => `tmux:/s:${n}`));
  });

  it('never swallows a crash into a summary of another kind; the crash comes first', () => {
    w.move('a', 'working', 'done');
    w.move('b', 'working', 'done');
    w.move('c', 'working', 'crashed');
    w.move('d', 'working', 'done');
    settle();
    expect(w.delivered.map((n) => [n.kind, n.title, n.body])).toEqual([
      ['crashed', 'c crashed', 'c-repo · pane %3 exited with status 3'],
      ['finished', '3 sessions finished', 'a, b, d'],
    ]);
  });

  it('delivers notifications of separate windows separately', () => {
    w.move('a', 'working', 'done');
    settle();
    w.move('b', 'working', 'done');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['a finished', 'b finished']);
  });

  it('keeps a flapping agent to one notification per cooldown, per kind', () => {
    w.move('flappy', 'working', 'waiting');
    settle();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(5_000);
      w.move('flappy', 'waiting', 'working');
      vi.advanceTimersByTime(5_000);
      w.move('flappy', 'working', 'waiting');
      settle();
    }
    expect(w.delivered.map((n) => n.title)).toEqual(['flappy needs you']);
    // Another kind is news even within the cooldown.
    w.move('flappy', 'waiting', 'crashed');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['flappy needs you', 'flappy crashed']);
    // After the cooldown the same kind notifies again.
    vi.advanceTimersByTime(COOLDOWN_MS);
    w.move('flappy', 'crashed', 'waiting');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual([
      'flappy needs you',
      'flappy crashed',
      'flappy needs you',
    ]);
  });

  it('drops a prompt answered before the window closed, but never a crash', () => {
    w.move('quick', 'working', 'waiting');
    vi.advanceTimersByTime(200);
    w.move('quick', 'waiting', 'working');
    w.move('boom', 'working', 'crashed');
    vi.advanceTimersByTime(200);
    w.move('boom', 'crashed', 'working');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['boom crashed']);
  });

  it('says nothing about the session whose terminal the user is looking at', () => {
    w.focused = 'tmux:/s:seen';
    w.move('seen', 'working', 'waiting');
    w.move('other', 'working', 'waiting');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['other needs you']);
    w.focused = null;
    vi.advanceTimersByTime(COOLDOWN_MS);
    w.move('seen', 'waiting', 'crashed');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['other needs you', 'seen crashed']);
  });

  it('says nothing about a muted session', () => {
    w.settings = { ...w.settings, mutedSessions: ['tmux:/s:noisy'] };
    w.move('noisy', 'working', 'crashed');
    w.move('quiet', 'working', 'crashed');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['quiet crashed']);
  });

  it('says nothing while paused, and speaks again once the pause is over', () => {
    w.settings = {
      ...w.settings,
      pausedUntil: new Date(START + 60 * 60 * 1000).toISOString(),
    };
    w.move('a', 'working', 'crashed');
    w.move('b', 'working', 'waiting');
    settle();
    expect(w.delivered).toEqual([]);
    vi.advanceTimersByTime(60 * 60 * 1000);
    w.move('c', 'working', 'waiting');
    settle();
    expect(w.delivered.map((n) => n.title)).toEqual(['c needs you']);
  });

  it.each([
    ['notifyNeedsYou', 'waiting', 'crashed'],
    ['notifyFinished', 'done', 'waiting'],
    ['notifyCrashed', 'crashed', 'done'],
  ] as const)('with %s off, says nothing of that kind and still of the others', (key, off, on) => {
    w.settings = { ...w.settings, [key]: false };
    w.move('silenced', 'working', off);
    w.move('spoken', 'working', on);
    settle();
    expect(w.delivered.map((n) => n.sessionId)).toEqual(['tmux:/s:spoken']);
  });

  it('marks notifications silent when sound is off', () => {
    w.settings = { ...w.settings, sound: false };
    w.move('a', 'working', 'done');
    settle();
    expect(w.delivered[0]!.silent).toBe(true);
  });

  it('leaves out the project when the session has none', () => {
    w.move('a', 'working', 'done');
    w.sessions.set('tmux:/s:b', sampleSession({ id: 'tmux:/s:b', projectDir: null }));
    w.policy.onTransition({
      sessionId: 'tmux:/s:b',
      name: 'b',
      from: 'working',
      to: 'crashed',
      reason: 'killed by signal 9',
      at: new Date().toISOString(),
      initial: false,
    });
    settle();
    expect(w.delivered.find((n) => n.kind === 'crashed')!.body).toBe('killed by signal 9');
  });

  it('drops what is pending when disposed', () => {
    w.move('a', 'working', 'done');
    w.policy.dispose();
    settle();
    expect(w.delivered).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

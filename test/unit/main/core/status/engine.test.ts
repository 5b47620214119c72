import { describe, expect, it } from 'vitest';
import { decide, HOLD_MS, type Signal } from '../../../../../main/core/status/engine';

const T = Date.parse('2026-11-21T10:00:00Z');

const hook = (status: Signal['status'], at: number, detail = `hook ${status}`): Signal => ({
  rank: 'agent',
  status,
  signal: `hook:${status}`,
  detail,
  at,
});
const screen = (status: Signal['status'], at: number, seenAt = at): Signal => ({
  rank: 'screen',
  status,
  signal: `screen:${status}`,
  detail: `screen ${status}`,
  at,
  seenAt,
});
const activity = (status: 'working' | 'idle', at: number): Signal => ({
  rank: 'activity',
  status,
  signal: 'activity',
  detail: `activity ${status}`,
  at,
  fallback: status === 'idle',
});
const paneDead = (status: Signal['status'], at: number): Signal => ({
  rank: 'process',
  status,
  signal: 'pane-dead',
  detail: `pane dead: ${status}`,
  at,
  terminal: true,
});

/**
 * Play a scripted sequence: each step replaces the signals of its kind
 * (one signal per source, as the supervisor keeps them) and records the verdict.
 */
function play(steps: readonly [string, Signal | null][]): string[] {
  const current = new Map<string, Signal>();
  return steps.map(([source, signal]) => {
    if (signal) current.set(source, signal);
    else current.delete(source);
    return decide([...current.values()]).status;
  });
}

describe('status engine precedence', () => {
  it('says unknown, with no evidence, when nothing is known', () => {
    expect(decide([])).toMatchObject({ status: 'unknown', evidence: [] });
  });

  it('an agent signal beats a fresher screen signal within its hold window', () => {
    const verdict = decide([hook('waiting', T), screen('working', T + HOLD_MS.agent - 1)]);
    expect(verdict.status).toBe('waiting');
    expect(verdict.evidence.map((e) => e.rank)).toEqual(['agent', 'screen']);
  });

  it('a screen seen after the agent signal went stale is believed', () => {
    expect(decide([hook('waiting', T), screen('working', T + 60_000)]).status).toBe('working');
    // Seen again later (same classification since earlier): the latest sighting counts.
    expect(decide([hook('waiting', T), screen('working', T + 1000, T + 60_000)]).status).toBe(
      'working',
    );
  });

  it('a weaker signal that agrees never takes over the reason', () => {
    const verdict = decide([hook('working', T, 'iteration 3/25'), activity('working', T + 60_000)]);
    expect(verdict).toMatchObject({ status: 'working', reason: 'iteration 3/25' });
  });

  it('quiet (activity idle) never overrides anything, however new', () => {
    expect(decide([hook('waiting', T), activity('idle', T + 600_000)]).status).toBe('waiting');
    expect(decide([screen('waiting', T), activity('idle', T + 600_000)]).status).toBe('waiting');
    // ...but decides when it is all there is.
    expect(decide([activity('idle', T)])).toMatchObject({
      status: 'idle',
      reason: 'activity idle',
    });
  });

  it('output after a stale idle or working screen means working; a question on screen stays', () => {
    expect(decide([screen('idle', T), activity('working', T + HOLD_MS.screen + 1)]).status).toBe(
      'working',
    );
    expect(decide([screen('idle', T), activity('working', T + 100)]).status).toBe('idle');
    // A question is left only when a screen read no longer shows it (output is no answer).
    expect(decide([screen('waiting', T), activity('working', T + 60_000)]).status).toBe('waiting');
  });

  it('output that a newer screen read has seen does not override the screen (Codex redraws)', () => {
    // The prompt first seen at T and read again at T + 10 s (after the last redraw).
    const reread = screen('waiting', T, T + 10_000);
    expect(decide([reread, activity('working', T + 9_000)]).status).toBe('waiting');
    // Output after the last read of a busy screen (and its hold): it may have changed; working.
    const busy = screen('idle', T, T + 10_000);
    expect(decide([busy, activity('working', T + 9_000)]).status).toBe('idle');
    expect(decide([busy, activity('working', T + 10_000 + HOLD_MS.screen + 1)]).status).toBe(
      'working',
    );
  });

  it('a hook is not overwritten by an older screen read; a dialog seen later beats a stale hook', () => {
    // A screen read that started before the hook, finished after: older, ignored.
    expect(decide([hook('working', T), screen('waiting', T - 500, T - 100)]).status).toBe(
      'working',
    );
    expect(decide([hook('working', T), screen('waiting', T + 100)]).status).toBe('working');
    // The dialog still on screen well after the "working" hook: it is what the agent shows now.
    expect(
      decide([hook('working', T), screen('waiting', T + 100, T + HOLD_MS.agent + 1)]).status,
    ).toBe('waiting');
  });

  it('a dead process is terminal: a stale working hook does not keep it working', () => {
    const verdict = decide([hook('working', T + 5000), paneDead('crashed', T + 1000)]);
    expect(verdict).toMatchObject({ status: 'crashed', reason: 'pane dead: crashed' });
  });

  it("an agent's final word explains a process's end", () => {
    const complete: Signal = {
      ...hook('done', T),
      signal: 'state:complete',
      detail: 'pipeline complete',
    };
    const lockDead: Signal = { ...paneDead('crashed', T + 1000), signal: 'lock-holder-dead' };
    expect(decide([complete, lockDead])).toMatchObject({
      status: 'done',
      reason: 'pipeline complete',
    });
  });

  it("an agent's final word is never made stale by weaker signals", () => {
    expect(decide([hook('done', T), screen('working', T + 3_600_000)]).status).toBe('done');
  });

  it('process facts hold against weaker signals however old', () => {
    const lockHeld: Signal = {
      rank: 'process',
      status: 'working',
      signal: 'lock-held',
      detail: 'lock held',
      at: T,
    };
    expect(decide([lockHeld, activity('idle', T + 3_600_000)]).status).toBe('working');
    expect(decide([lockHeld, screen('idle', T + 3_600_000)]).status).toBe('working');
  });

  it('within a rank, the newest signal decides', () => {
    expect(decide([hook('waiting', T), hook('working', T + 10)]).status).toBe('working');
  });

  it('never claims done or crashed without a signal that says so', () => {
    expect(decide([screen('idle', T), activity('idle', T + 5000)]).status).toBe('idle');
    expect(decide([paneDead('unknown', T)]).status).toBe('unknown');
  });

  it('plays a Claude session: prompt, answer, work, turn over, exit', () => {
    const t = (s: number): number => T + s * 1000;
    expect(
      play([
        ['activity', activity('working', t(0))], // output
        ['screen', screen('working', t(1))], // spinner seen
        ['hook', hook('waiting', t(10))], // PermissionRequest
        ['screen', screen('waiting', t(10.2))], // the dialog drawn just after
        ['activity', activity('idle', t(10.2))], // then quiet, for long
        ['screen', screen('working', t(40))], // answered: the spinner is back
        ['activity', activity('working', t(40))],
        ['hook', hook('idle', t(70))], // Stop
        ['screen', screen('idle', t(70.3))], // the input box
        ['activity', activity('idle', t(70.3))],
        ['process', paneDead('done', t(90))], // the user quit with status 0
      ]),
    ).toEqual([
      'working',
      'working',
      'waiting',
      'waiting',
      'waiting',
      'working',
      'working',
      'idle',
      'idle',
      'idle',
      'done',
    ]);
  });

  it('plays a hook that comes and goes fast: the screen does not flap it', () => {
    const t = (s: number): number => T + s * 1000;
    expect(
      play([
        ['screen', screen('working', t(0), t(5))],
        ['hook', hook('waiting', t(5))],
        // The capture that raced the dialog still showed the spinner: inside the hold, ignored.
        ['screen', screen('working', t(0), t(5.5))],
        ['screen', screen('waiting', t(6))],
      ]),
    ).toEqual(['working', 'waiting', 'waiting', 'waiting']);
  });

  it('plays a pipeline: running, lock holder dies, run is crashed', () => {
    const running: Signal = {
      rank: 'agent',
      status: 'working',
      signal: 'state:running',
      detail: 'iteration 2/5',
      at: T,
    };
    const held: Signal = {
      rank: 'process',
      status: 'working',
      signal: 'lock-held',
      detail: 'lock held',
      at: T - 1000,
    };
    const dead: Signal = {
      ...held,
      status: 'crashed',
      signal: 'lock-holder-dead',
      terminal: true,
      at: T + 9000,
    };
    expect(
      play([
        ['state', running],
        ['lock', held],
        ['lock', dead],
      ]),
    ).toEqual(['working', 'working', 'crashed']);
  });

  it('keeps evidence stable: the same signals give the same verdict, times of the facts only', () => {
    const signals = [hook('waiting', T), activity('idle', T - 5000)];
    expect(decide(signals)).toEqual(decide([...signals].reverse()));
    expect(decide(signals).evidence[0]).toEqual({
      rank: 'agent',
      signal: 'hook:waiting',
      detail: 'hook waiting',
      at: new Date(T).toISOString(),
    });
  });
});

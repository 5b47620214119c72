import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SessionStatus } from '../../../../preload/contract';
import {
  buildTrayModel,
  MENU_SESSIONS_PER_GROUP,
  PAUSE_HOUR_MS,
  pauseEnd,
  tomorrowMorning,
  type TrayMenuItem,
} from '../../../../main/shell/trayModel';
import { sampleSession } from '../../../helpers/samples';

const NOW = new Date(2026, 10, 21, 14, 5, 0).getTime();

function sessions(...specs: [string, SessionStatus, string?][]) {
  return specs.map(([name, status, reason]) =>
    sampleSession({
      id: `id:${name}`,
      name,
      displayName: name,
      status,
      reason: reason ?? `${status} reason`,
    }),
  );
}

function labels(items: readonly TrayMenuItem[]): string[] {
  return items.map((item) =>
    item.kind === 'separator'
      ? '---'
      : item.kind === 'submenu'
        ? `${item.label} > ${labels(item.items).join(' | ')}`
        : item.label,
  );
}

describe('tray model', () => {
  it.each([
    [['idle', 'working', 'waiting', 'crashed'], 'crashed'],
    [['idle', 'working', 'waiting'], 'waiting'],
    [['done', 'starting'], 'working'],
    [['idle', 'done', 'unknown'], 'idle'],
    [[], 'none'],
  ] as [SessionStatus[], string][])('shows the worst state: %j -> %s', (statuses, state) => {
    const model = buildTrayModel(
      sessions(...statuses.map((s, i): [string, SessionStatus] => [`s${i}`, s])),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(model.state).toBe(state);
  });

  it('counts the sessions needing attention and sums them up in the tooltip', () => {
    const model = buildTrayModel(
      sessions(
        ['a', 'working'],
        ['b', 'working'],
        ['c', 'starting'],
        ['d', 'waiting'],
        ['e', 'crashed'],
      ),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(model.attention).toBe(2);
    expect(model.title).toBe('2');
    expect(model.tooltip).toBe('Loopwatch: 3 working · 1 waiting · 1 crashed');
  });

  it('has no title and says "no sessions" when there are none', () => {
    const model = buildTrayModel([], DEFAULT_SETTINGS, NOW);
    expect(model.title).toBe('');
    expect(model.attention).toBe(0);
    expect(model.tooltip).toBe('Loopwatch: no sessions');
    expect(labels(model.menu)[0]).toBe('No sessions');
  });

  it('lists sessions grouped by state, most urgent first, each opening its terminal', () => {
    const model = buildTrayModel(
      sessions(
        ['zeta', 'working'],
        ['alpha', 'working'],
        ['asks', 'waiting', 'Permission prompt: Bash(rm -rf build)'],
        ['broke', 'crashed', 'pane %1 exited with status 3'],
        ['rested', 'idle'],
        ['over', 'done'],
      ),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(labels(model.menu)).toEqual([
      'Needs you (1)',
      'asks — Permission prompt: Bash(rm -rf build)',
      'Crashed (1)',
      'broke — pane %1 exited with status 3',
      'Working (2)',
      'alpha',
      'zeta',
      'Idle (1)',
      'rested',
      'Done (1)',
      'over',
      '---',
      'Open dashboard',
      'Pause notifications > For 1 hour | Until tomorrow 08:00',
      'Clean up…',
      'Settings…',
      '---',
      'Quit Loopwatch',
    ]);
    const asks = model.menu[1];
    expect(asks).toEqual({
      kind: 'action',
      label: 'asks — Permission prompt: Bash(rm -rf build)',
      action: { type: 'openSession', sessionId: 'id:asks' },
    });
  });

  it('caps a long group and offers the dashboard for the rest', () => {
    const many = sessions(
      ...Array.from({ length: MENU_SESSIONS_PER_GROUP + 3 }, (_, i): [string, SessionStatus] => [
        `w${String(i).padStart(2, '0')}`,
        'working',
      ]),
    );
    const model = buildTrayModel(many, DEFAULT_SETTINGS, NOW);
    const items = labels(model.menu);
    expect(items.filter((l) => l.startsWith('w'))).toHaveLength(MENU_SESSIONS_PER_GROUP);
    expect(items).toContain('3 more…');
    expect(model.menu.find((i) => i.kind === 'action' && i.label === '3 more…')).toMatchObject({
      action: { type: 'openDashboard' },
    });
  });

  it('offers to pause for an hour or until tomorrow morning, and to resume while paused', () => {
    const running = buildTrayModel([], DEFAULT_SETTINGS, NOW);
    const pause = running.menu.find((i) => i.kind === 'submenu');
    expect(pause).toEqual({
      kind: 'submenu',
      label: 'Pause notifications',
      items: [
        { kind: 'action', label: 'For 1 hour', action: { type: 'pause', until: 'oneHour' } },
        {
          kind: 'action',
          label: 'Until tomorrow 08:00',
          action: { type: 'pause', until: 'tomorrowMorning' },
        },
      ],
    });
    expect(pauseEnd('oneHour', NOW)).toBe(NOW + PAUSE_HOUR_MS);
    expect(pauseEnd('tomorrowMorning', NOW)).toBe(new Date(2026, 10, 22, 8, 0, 0).getTime());
    expect(running.pausedUntil).toBeNull();

    const until = NOW + PAUSE_HOUR_MS;
    const paused = buildTrayModel(
      sessions(['a', 'working']),
      { ...DEFAULT_SETTINGS, pausedUntil: new Date(until).toISOString() },
      NOW,
    );
    expect(paused.pausedUntil).toBe(until);
    expect(paused.tooltip).toBe('Loopwatch: 1 working · notifications paused until 15:05');
    expect(labels(paused.menu)).toContain(
      'Notifications paused until 15:05 > Resume notifications',
    );

    // A pause in the past is no pause.
    const over = buildTrayModel(
      [],
      { ...DEFAULT_SETTINGS, pausedUntil: new Date(NOW - 1).toISOString() },
      NOW,
    );
    expect(over.pausedUntil).toBeNull();
  });

  it('counts "tomorrow" from local midnight, also late in the evening', () => {
    expect(tomorrowMorning(new Date(2026, 11, 31, 23, 59).getTime())).toBe(
      new Date(2027, 0, 1, 8, 0).getTime(),
    );
  });
});

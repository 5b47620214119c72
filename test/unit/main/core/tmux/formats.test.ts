import { describe, expect, it } from 'vitest';
import {
  countHumanClients,
  fastFilter,
  FIELD_SEPARATOR,
  parseFastLines,
  parsePaneLines,
  sessionFactsKey,
} from '../../../../../main/core/tmux/formats';

const S = FIELD_SEPARATOR;

function paneLine(fields: Partial<Record<string, string>>): string {
  const order = [
    'sessionId',
    'sessionName',
    'sessionCreated',
    'sessionWindows',
    'sessionPath',
    'windowIndex',
    'windowActivity',
    'windowBell',
    'windowActive',
    'paneId',
    'paneIndex',
    'paneActive',
    'panePid',
    'paneCommand',
    'panePath',
    'paneWidth',
    'paneHeight',
    'paneDead',
    'paneDeadStatus',
    'paneDeadSignal',
    'paneDeadTime',
    'cursorX',
    'cursorY',
    'historySize',
    'keepsDead',
    'agentOption',
    'paneTitle',
  ];
  const defaults: Record<string, string> = {
    sessionId: '$1',
    sessionName: 'work',
    sessionCreated: '1800000000',
    sessionWindows: '1',
    sessionPath: '/p',
    windowIndex: '0',
    windowActivity: '1800000010',
    windowBell: '0',
    windowActive: '1',
    paneId: '%1',
    paneIndex: '0',
    paneActive: '1',
    panePid: '123',
    paneCommand: 'bash',
    panePath: '/p',
    paneWidth: '80',
    paneHeight: '24',
    paneDead: '0',
    paneDeadStatus: '',
    paneDeadSignal: '',
    paneDeadTime: '',
    cursorX: '0',
    cursorY: '0',
    historySize: '0',
    keepsDead: 'off',
    agentOption: '',
    paneTitle: 'title',
  };
  return order.map((k) => fields[k] ?? defaults[k]).join(S);
}

describe('parsePaneLines', () => {
  it('groups panes by session and keeps the latest activity', () => {
    const output = [
      paneLine({ paneId: '%1', windowActivity: '1800000010' }),
      paneLine({ paneId: '%2', windowIndex: '1', windowActivity: '1800000020' }),
      paneLine({ sessionId: '$2', sessionName: 'other', paneId: '%3' }),
      '',
    ].join('\n');
    const sessions = parsePaneLines(output);
    expect(sessions.map((s) => s.name)).toEqual(['work', 'other']);
    expect(sessions[0]!.panes.map((p) => p.id)).toEqual(['%1', '%2']);
    expect(sessions[0]!.lastActivity).toBe(1800000020);
  });

  it('reads a dead pane with its exit status or signal', () => {
    const [session] = parsePaneLines(
      paneLine({ paneDead: '1', paneDeadStatus: '3', panePid: '99' }) +
        '\n' +
        paneLine({ paneId: '%9', paneDead: '1', paneDeadStatus: '', paneDeadSignal: '9' }),
    );
    expect(session!.panes[0]).toMatchObject({
      dead: true,
      exitStatus: 3,
      exitSignal: null,
      pid: null,
    });
    expect(session!.panes[1]).toMatchObject({ dead: true, exitSignal: 9 });
  });

  it('keeps names with spaces, quotes, $() and unicode intact', () => {
    const name = `we'ird "na$(me)" ✓ -x`;
    const [session] = parsePaneLines(paneLine({ sessionName: name }));
    expect(session!.name).toBe(name);
  });

  it('skips truncated lines instead of inventing fields', () => {
    expect(parsePaneLines(`$1${S}work${S}123`)).toEqual([]);
  });
});

describe('countHumanClients', () => {
  it('counts people, not supervisors attached with no-output', () => {
    const output = [
      `$1${S}attached,focused,UTF-8${S}0`,
      `$1${S}attached,control-mode,ignore-size,no-output,read-only,UTF-8${S}1`,
      `$2${S}attached,control-mode,UTF-8${S}1`,
    ].join('\n');
    const counts = countHumanClients(output);
    expect(counts.get('$1')).toBe(1);
    expect(counts.get('$2')).toBe(1);
  });
});

describe('the fast poll', () => {
  it('asks only for panes with output since the last poll, a bell, or a dead process', () => {
    expect(fastFilter(1800000000.7)).toBe(
      '#{||:#{pane_dead},#{||:#{window_bell_flag},#{e|>=:#{window_activity},1800000000}}}',
    );
  });

  it('reads what it asks for, the title last (free text)', () => {
    const line = [
      '%4',
      '1',
      '3',
      '',
      '1800000050',
      '1800000049',
      '0',
      '5',
      '23',
      '120',
      'a\u001fb',
    ].join(S);
    expect(parseFastLines(`${line}\n`)).toEqual([
      {
        id: '%4',
        dead: true,
        exitStatus: 3,
        exitSignal: null,
        deadAt: 1800000050,
        windowActivity: 1800000049,
        bell: false,
        cursorX: 5,
        cursorY: 23,
        historySize: 120,
        title: 'a\u001fb',
      },
    ]);
    expect(parseFastLines('short\n')).toEqual([]);
  });

  it('keys a session by what shows in its Session, not by cursor moves', () => {
    const [session] = parsePaneLines(paneLine({}));
    const key = sessionFactsKey(session!);
    session!.panes[0]!.cursorY = 9;
    expect(sessionFactsKey(session!)).toBe(key);
    session!.panes[0]!.windowActivity = 1800000099;
    expect(sessionFactsKey(session!)).not.toBe(key);
  });
});

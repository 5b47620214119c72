import { describe, expect, it } from 'vitest';
import {
  countHumanClients,
  fastFilter,
  FIELD_SEPARATOR,
  parseFastLines,
  PANE_FIELDS,
  paneQuery,
  sessionFactsKey,
} from '../../../../../main/core/tmux/formats';

const S = FIELD_SEPARATOR;

/** The marker the unit tests' queries use (a real poll draws a fresh one). */
const MARKER = 'feedc0de';
const query = paneQuery(MARKER);

/** One pane line as tmux prints it: the query's format with each field's value put in. */
function paneLine(fields: Partial<Record<string, string>>): string {
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
  let line = query.format;
  for (const [name, variable] of PANE_FIELDS) {
    line = line.replace(`#{${variable}}`, () => fields[name] ?? defaults[name] ?? '');
  }
  return `${line}\n`;
}

const parsePaneLines = (output: string): ReturnType<typeof query.parse> => query.parse(output);

describe('parsePaneLines', () => {
  it('groups panes by session and keeps the latest activity', () => {
    const output = [
      paneLine({ paneId: '%1', windowActivity: '1800000010' }),
      paneLine({ paneId: '%2', windowIndex: '1', windowActivity: '1800000020' }),
      paneLine({ sessionId: '$2', sessionName: 'other', paneId: '%3' }),
    ].join('');
    const sessions = parsePaneLines(output);
    expect(sessions.map((s) => s.name)).toEqual(['work', 'other']);
    expect(sessions[0]!.panes.map((p) => p.id)).toEqual(['%1', '%2']);
    expect(sessions[0]!.lastActivity).toBe(1800000020);
  });

  it('reads a dead pane with its exit status or signal', () => {
    const [session] = parsePaneLines(
      paneLine({ paneDead: '1', paneDeadStatus: '3', panePid: '99' }) +
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

  it('keeps newlines, U+001F, tabs and "%end" lines in paths, commands and titles', () => {
    const path = '/tmp/a\nb\u001fc\td\n%end 1 2 1\n';
    const output =
      paneLine({
        sessionPath: path,
        panePath: path,
        paneCommand: 'x\u001fy\nz',
        paneTitle: 'a\nb',
      }) + paneLine({ sessionId: '$2', sessionName: 'next', paneId: '%2' });
    const sessions = parsePaneLines(output);
    expect(sessions.map((s) => s.name)).toEqual(['work', 'next']);
    expect(sessions[0]!.path).toBe(path);
    expect(sessions[0]!.panes[0]).toMatchObject({
      currentPath: path,
      currentCommand: 'x\u001fy\nz',
      title: 'a\nb',
      width: 80,
    });
  });

  it('skips truncated lines instead of inventing fields', () => {
    expect(parsePaneLines(`$1${S}work${S}123`)).toEqual([]);
    // Cut short after the last complete record: that record stays, the rest is dropped.
    const whole = paneLine({});
    expect(parsePaneLines(whole + whole.slice(0, 40))).toHaveLength(1);
  });

  it('does not take a marker from another query (a path cannot forge a record end)', () => {
    const other = paneQuery('0ther');
    expect(other.parse(paneLine({}))).toEqual([]);
    expect(query.format).not.toBe(paneQuery().format);
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

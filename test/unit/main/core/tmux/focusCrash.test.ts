import { describe, expect, it } from 'vitest';
import { chooseControlTarget } from '../../../../../main/core/tmux/controlTarget';
import { focusCrashAffected } from '../../../../../main/core/tmux/focusCrash';

describe('focusCrashAffected', () => {
  it('is true for 3.3 to 3.4 and builds before 3.5, false before 3.3 and from 3.5', () => {
    for (const v of ['3.3', '3.3a', '3.4', 'next-3.4', 'next-3.5', 'next-3.3']) {
      expect(focusCrashAffected(v), v).toBe(true);
    }
    for (const v of ['3.2a', '3.1c', '2.9', '3.5', '3.5a', '3.6b', 'next-3.6', '4.0']) {
      expect(focusCrashAffected(v), v).toBe(false);
    }
  });

  it('counts an unreadable version as affected', () => {
    for (const v of [null, '', 'master', 'openbsd-7.4']) expect(focusCrashAffected(v)).toBe(true);
  });
});

/** One `list-panes -a -F TARGET_FORMAT` line. */
const line = (
  version: string,
  id: string,
  attached: number,
  windowActive: number,
  paneActive: number,
  dead: number,
): string => [version, id, attached, windowActive, paneActive, dead].join('\t');

describe('chooseControlTarget', () => {
  it('never picks a session whose active pane is dead on an affected server', () => {
    const out = [line('3.3a', '$1', 0, 1, 1, 0), line('3.3a', '$2', 0, 1, 1, 1)].join('\n');
    expect(chooseControlTarget(out)).toEqual({
      version: '3.3a',
      affected: true,
      session: '$1',
      unsafe: false,
    });
  });

  it('prefers a session a person watches, then one without a dead pane, then the oldest', () => {
    const deadElsewhere = [line('3.4', '$1', 0, 1, 1, 0), line('3.4', '$1', 0, 0, 1, 1)];
    const clean = [line('3.4', '$2', 0, 1, 1, 0)];
    const watched = [line('3.4', '$3', 1, 1, 1, 0), line('3.4', '$3', 1, 0, 1, 1)];
    expect(chooseControlTarget([...deadElsewhere, ...clean].join('\n')).session).toBe('$2');
    expect(chooseControlTarget([...deadElsewhere, ...clean, ...watched].join('\n')).session).toBe(
      '$3',
    );
    expect(chooseControlTarget([line('3.4', '$7', 0, 1, 1, 0), ...clean].join('\n')).session).toBe(
      '$2',
    );
  });

  it('says unsafe when every active pane is dead, and leaves an unaffected server to tmux', () => {
    expect(chooseControlTarget(line('3.3a', '$1', 0, 1, 1, 1)).unsafe).toBe(true);
    expect(chooseControlTarget(line('3.5a', '$1', 0, 1, 1, 1))).toEqual({
      version: '3.5a',
      affected: false,
      session: null,
      unsafe: false,
    });
    expect(chooseControlTarget('').unsafe).toBe(false);
  });

  it('skips lines that are not its format', () => {
    const out = [
      'garbage',
      'a\tb',
      line('3.3a', 'nope', 0, 1, 1, 0),
      line('3.3a', '$4', 0, 1, 1, 0),
    ];
    expect(chooseControlTarget(out.join('\n')).session).toBe('$4');
  });
});

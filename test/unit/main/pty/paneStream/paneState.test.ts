import { describe, expect, it } from 'vitest';
import {
  PANE_STATE_FORMAT,
  paneSnapshot,
  parsePaneState,
  type PaneState,
} from '../../../../../main/pty/paneStream/paneState';

/** What tmux prints for PANE_STATE_FORMAT, given a value per format variable. */
function stateLine(values: Readonly<Record<string, string | number>>): string {
  return PANE_STATE_FORMAT.replace(/#\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${name}`);
    return String(value);
  });
}

/** A plain shell pane: 24 rows, cursor shown, autowrap on, no modes. */
const SHELL: Readonly<Record<string, string | number>> = {
  pane_id: '%5',
  cursor_x: 12,
  cursor_y: 3,
  cursor_flag: 1,
  alternate_on: 0,
  keypad_cursor_flag: 0,
  keypad_flag: 0,
  scroll_region_upper: 0,
  scroll_region_lower: 23,
  origin_flag: 0,
  insert_flag: 0,
  wrap_flag: 1,
  mouse_standard_flag: 0,
  mouse_button_flag: 0,
  mouse_any_flag: 0,
  mouse_sgr_flag: 0,
  pane_height: 24,
};

const ESC = '\x1b';
const CSI = `${ESC}[`;

function state(overrides: Partial<PaneState> = {}): PaneState {
  return {
    cursorX: 0,
    cursorY: 0,
    cursorVisible: true,
    alternate: false,
    cursorKeys: false,
    keypad: false,
    regionTop: 0,
    regionBottom: 2,
    origin: false,
    insert: false,
    wrap: true,
    mouseStandard: false,
    mouseButton: false,
    mouseAny: false,
    mouseSgr: false,
    rows: 3,
    ...overrides,
  };
}

/** `out` with ESC shown as `^`, for matching sequences by pattern. */
const visible = (out: string): string => out.replaceAll(ESC, '^');

/** The start of every snapshot: cancel, plain attributes, no scroll region. */
const RESET = `\x18${CSI}0m${CSI}r`;

/** The modes of `state()` after the cursor position. */
const PLAIN_MODES = `${CSI}?25h${CSI}?1l${ESC}>${CSI}4l${CSI}?7h${CSI}?1000l${CSI}?1002l${CSI}?1003l${CSI}?1006l`;

describe('PANE_STATE_FORMAT', () => {
  it('asks for the pane id first and sixteen numbers after it', () => {
    const fields = PANE_STATE_FORMAT.split('|');
    expect(fields).toHaveLength(17);
    expect(fields[0]).toBe('#{pane_id}');
    expect(fields.every((field) => /^#\{\w+\}$/.test(field))).toBe(true);
  });
});

describe('parsePaneState', () => {
  it("reads tmux's answer for a plain shell pane", () => {
    expect(parsePaneState(stateLine(SHELL))).toEqual({
      cursorX: 12,
      cursorY: 3,
      cursorVisible: true,
      alternate: false,
      cursorKeys: false,
      keypad: false,
      regionTop: 0,
      regionBottom: 23,
      origin: false,
      insert: false,
      wrap: true,
      mouseStandard: false,
      mouseButton: false,
      mouseAny: false,
      mouseSgr: false,
      rows: 24,
    });
  });

  it('reads each flag from its own field', () => {
    const parsed = parsePaneState(
      stateLine({
        ...SHELL,
        cursor_flag: 0,
        alternate_on: 1,
        keypad_cursor_flag: 1,
        keypad_flag: 1,
        scroll_region_upper: 2,
        scroll_region_lower: 20,
        origin_flag: 1,
        insert_flag: 1,
        wrap_flag: 0,
        mouse_standard_flag: 1,
        mouse_button_flag: 1,
        mouse_any_flag: 1,
        mouse_sgr_flag: 1,
      }),
    );
    expect(parsed).toEqual({
      cursorX: 12,
      cursorY: 3,
      cursorVisible: false,
      alternate: true,
      cursorKeys: true,
      keypad: true,
      regionTop: 2,
      regionBottom: 20,
      origin: true,
      insert: true,
      wrap: false,
      mouseStandard: true,
      mouseButton: true,
      mouseAny: true,
      mouseSgr: true,
      rows: 24,
    });
  });

  it('keeps the mouse modes apart', () => {
    const parsed = parsePaneState(stateLine({ ...SHELL, mouse_button_flag: 1, mouse_sgr_flag: 1 }));
    expect(parsed).toMatchObject({
      mouseStandard: false,
      mouseButton: true,
      mouseAny: false,
      mouseSgr: true,
    });
  });

  it('ignores the line end and surrounding blanks', () => {
    expect(parsePaneState(`${stateLine(SHELL)}\n`)).toEqual(parsePaneState(stateLine(SHELL)));
    expect(parsePaneState(`  ${stateLine(SHELL)}\r\n`)?.rows).toBe(24);
  });

  it.each([
    ['an empty line', ''],
    ['text', 'garbage'],
    ['a tmux error', "can't find pane: %9"],
    ['a missing field', stateLine(SHELL).replace(/\|24$/, '')],
    ['an extra field', `${stateLine(SHELL)}|0`],
    ['no "%" before the pane id', stateLine({ ...SHELL, pane_id: '5' })],
    ['a word for a number', stateLine({ ...SHELL, cursor_x: 'x' })],
    ['a fraction', stateLine({ ...SHELL, pane_height: '24.5' })],
  ])('refuses %s', (_, line) => {
    expect(parsePaneState(line)).toBeNull();
  });
});

describe('paneSnapshot', () => {
  it('starts by cancelling any half-written sequence and resetting attributes and margins', () => {
    for (const first of [true, false]) {
      expect(paneSnapshot(state(), ['a'], first).startsWith(RESET)).toBe(true);
      expect(paneSnapshot(state({ alternate: true }), ['a'], first).startsWith(RESET)).toBe(true);
    }
  });

  it('writes history and screen into a fresh terminal, so history scrolls into its scrollback', () => {
    const lines = ['old 1', 'old 2', `${CSI}31mred${CSI}0m`, 'b', 'c'];
    expect(paneSnapshot(state({ cursorX: 1, cursorY: 2 }), lines, true)).toBe(
      RESET +
        `${CSI}?1049l` +
        `${CSI}H${CSI}2J` +
        `old 1\r\nold 2\r\n${CSI}31mred${CSI}0m\r\nb\r\nc` +
        `${CSI}0m` +
        `${CSI}?6l` +
        `${CSI}3;2H` +
        PLAIN_MODES,
    );
  });

  it('redraws only the screen, row by row, when the terminal is not fresh', () => {
    const lines = ['old 1', 'old 2', 'a', 'b', 'c'];
    expect(paneSnapshot(state({ cursorX: 4, cursorY: 1 }), lines, false)).toBe(
      RESET +
        `${CSI}?1049l` +
        `${CSI}H${CSI}2J${CSI}1;1Ha${CSI}2;1Hb${CSI}3;1Hc` +
        `${CSI}0m` +
        `${CSI}?6l` +
        `${CSI}2;5H` +
        PLAIN_MODES,
    );
  });

  it('clears the whole screen once, so the rows a short capture does not reach are blank', () => {
    const out = paneSnapshot(state({ rows: 4, regionBottom: 3 }), ['a'], false);
    expect(out).toContain(`${RESET}${CSI}?1049l${CSI}H${CSI}2J${CSI}1;1Ha${CSI}0m`);
    expect(out).not.toContain(`${CSI}2K`);
  });

  it('clears every row of an empty capture', () => {
    const out = paneSnapshot(state(), [], false);
    expect(out).toContain(`${CSI}H${CSI}2J${CSI}0m`);
  });

  it('never clears a row under colours carried over from the line before', () => {
    // capture-pane -e leaves a line's colours on for the next one; a row cleared then would take them.
    const out = paneSnapshot(state(), [`${CSI}44mblue status`, 'next'], false);
    expect(out).toContain(`${CSI}1;1H${CSI}44mblue status${CSI}2;1Hnext`);
    expect(out.indexOf(`${CSI}2J`)).toBeLessThan(out.indexOf(`${CSI}44m`));
    expect(out).not.toContain(`${CSI}2K`);
  });

  it('shows the alternate screen without history, redrawn in place, also when fresh', () => {
    const lines = ['history', 'top', 'middle', 'bottom'];
    const expected =
      RESET +
      `${CSI}?1049h` +
      `${CSI}H${CSI}2J${CSI}1;1Htop${CSI}2;1Hmiddle${CSI}3;1Hbottom` +
      `${CSI}0m` +
      `${CSI}?6l` +
      `${CSI}1;1H` +
      PLAIN_MODES;
    expect(paneSnapshot(state({ alternate: true }), lines, true)).toBe(expected);
    expect(paneSnapshot(state({ alternate: true }), lines, false)).toBe(expected);
    expect(paneSnapshot(state({ alternate: true }), lines, true)).not.toContain('history');
  });

  it('sets no scroll region when it is the whole screen', () => {
    const out = paneSnapshot(state({ rows: 24, regionTop: 0, regionBottom: 23 }), ['a'], false);
    expect(visible(out).match(/\^\[[\d;]*r/g)).toEqual(['^[r']);
  });

  it('restores a scroll region before placing the cursor', () => {
    const out = paneSnapshot(
      state({ rows: 10, regionTop: 2, regionBottom: 7, cursorX: 3, cursorY: 5 }),
      ['a'],
      false,
    );
    expect(out).toContain(`${CSI}0m${CSI}3;8r${CSI}?6l${CSI}6;4H${CSI}?25h`);
  });

  it('restores a region at the bottom only', () => {
    const out = paneSnapshot(state({ rows: 10, regionTop: 0, regionBottom: 8 }), ['a'], false);
    expect(out).toContain(`${CSI}1;9r`);
  });

  it('places the cursor relative to the region in origin mode', () => {
    const out = paneSnapshot(
      state({ rows: 10, regionTop: 2, regionBottom: 7, origin: true, cursorX: 0, cursorY: 5 }),
      ['a'],
      false,
    );
    expect(out).toContain(`${CSI}3;8r${CSI}?6h${CSI}4;1H${CSI}?25h`);
  });

  it('restores the cursor position in one-based coordinates', () => {
    expect(paneSnapshot(state({ cursorX: 0, cursorY: 0 }), ['a'], true)).toContain(
      `${CSI}?6l${CSI}1;1H${CSI}?25h`,
    );
    expect(
      paneSnapshot(state({ rows: 24, regionBottom: 23, cursorX: 79, cursorY: 23 }), ['a'], true),
    ).toContain(`${CSI}?6l${CSI}24;80H${CSI}?25h`);
  });

  it('restores every mode that is on', () => {
    const out = paneSnapshot(
      state({
        cursorVisible: false,
        cursorKeys: true,
        keypad: true,
        insert: true,
        wrap: false,
        mouseStandard: true,
        mouseButton: true,
        mouseAny: true,
        mouseSgr: true,
      }),
      ['a'],
      false,
    );
    expect(
      out.endsWith(
        `${CSI}1;1H${CSI}?25l${CSI}?1h${ESC}=${CSI}4h${CSI}?7l${CSI}?1000h${CSI}?1002h${CSI}?1003h${CSI}?1006h`,
      ),
    ).toBe(true);
  });

  it('turns off every mode that is off', () => {
    expect(paneSnapshot(state(), ['a'], false).endsWith(`${CSI}1;1H${PLAIN_MODES}`)).toBe(true);
  });

  it('sets each mouse mode on its own', () => {
    const out = paneSnapshot(state({ mouseButton: true, mouseSgr: true }), ['a'], false);
    expect(out.endsWith(`${CSI}?1000l${CSI}?1002h${CSI}?1003l${CSI}?1006h`)).toBe(true);
  });

  it('resets attributes after the screen, before the modes', () => {
    const out = paneSnapshot(state(), [`${CSI}7mreverse`], false);
    expect(out).toContain(`${CSI}7mreverse${CSI}0m${CSI}?6l`);
  });

  it('reads a parsed tmux answer', () => {
    const parsed = parsePaneState(
      stateLine({ ...SHELL, cursor_x: 2, cursor_y: 1, pane_height: 2, scroll_region_lower: 1 }),
    );
    expect(parsed).not.toBeNull();
    expect(paneSnapshot(parsed!, ['$ ls', '$ '], true)).toBe(
      RESET + `${CSI}?1049l${CSI}H${CSI}2J$ ls\r\n$ ${CSI}0m${CSI}?6l${CSI}2;3H` + PLAIN_MODES,
    );
  });
});

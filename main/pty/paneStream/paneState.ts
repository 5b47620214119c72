/**
 * What a fresh terminal needs to show a tmux pane as it is now: its screen
 * (`capture-pane -e`, with colours) and the state tmux keeps beside it
 * (cursor, alternate screen, scroll region, key and mouse modes), turned
 * into the escape sequences that recreate it. Sent when a view first shows
 * the pane, and again after output was skipped (flow control, resize).
 */

/** One `display -p` line per pane; `|` cannot occur in any of these values. */
export const PANE_STATE_FORMAT = [
  '#{pane_id}',
  '#{cursor_x}',
  '#{cursor_y}',
  '#{cursor_flag}',
  '#{alternate_on}',
  '#{keypad_cursor_flag}',
  '#{keypad_flag}',
  '#{scroll_region_upper}',
  '#{scroll_region_lower}',
  '#{origin_flag}',
  '#{insert_flag}',
  '#{wrap_flag}',
  '#{mouse_standard_flag}',
  '#{mouse_button_flag}',
  '#{mouse_any_flag}',
  '#{mouse_sgr_flag}',
  '#{pane_height}',
].join('|');

export interface PaneState {
  cursorX: number;
  cursorY: number;
  cursorVisible: boolean;
  alternate: boolean;
  cursorKeys: boolean;
  keypad: boolean;
  regionTop: number;
  regionBottom: number;
  origin: boolean;
  insert: boolean;
  wrap: boolean;
  mouseStandard: boolean;
  mouseButton: boolean;
  mouseAny: boolean;
  mouseSgr: boolean;
  rows: number;
}

export function parsePaneState(line: string): PaneState | null {
  const fields = line.trim().split('|');
  if (fields.length !== 17 || !fields[0]!.startsWith('%')) return null;
  const n = fields.slice(1).map(Number);
  if (n.some((value) => !Number.isInteger(value))) return null;
  const flag = (i: number): boolean => n[i] === 1;
  return {
    cursorX: n[0]!,
    cursorY: n[1]!,
    cursorVisible: flag(2),
    alternate: flag(3),
    cursorKeys: flag(4),
    keypad: flag(5),
    regionTop: n[6]!,
    regionBottom: n[7]!,
    origin: flag(8),
    insert: flag(9),
    wrap: flag(10),
    mouseStandard: flag(11),
    mouseButton: flag(12),
    mouseAny: flag(13),
    mouseSgr: flag(14),
    rows: n[15]!,
  };
}

const ESC = '\x1b';
const CSI = `${ESC}[`;
const set = (mode: number, on: boolean): string => `${CSI}?${mode}${on ? 'h' : 'l'}`;

/**
 * The bytes that bring a terminal of the pane's size to `state` showing
 * `lines` (the capture's last `state.rows` lines are the screen; any before
 * them are history). `first`: the terminal is fresh, so history scrolls into
 * its scrollback; otherwise the screen is redrawn in place, leaving the
 * scrollback as it was (what scrolled by while output was skipped is not
 * there, as with tmux's own redraw of a client that fell behind).
 */
export function paneSnapshot(state: PaneState, lines: readonly string[], first: boolean): string {
  // CAN ends whatever sequence skipped output may have left half-written; then plain attributes.
  let out = `\x18${CSI}0m${CSI}r`;
  out += set(1049, state.alternate);
  const screen = lines.slice(-state.rows);
  if (first && !state.alternate) {
    out += `${CSI}H${CSI}2J${lines.join('\r\n')}`;
  } else {
    // One clear with plain attributes, then the lines: capture-pane carries colours from
    // one line into the next, and clearing a row under them would paint it their colour.
    out += `${CSI}H${CSI}2J`;
    out += screen.map((line, row) => `${CSI}${row + 1};1H${line}`).join('');
  }
  out += `${CSI}0m`;
  if (state.regionTop !== 0 || state.regionBottom !== state.rows - 1) {
    out += `${CSI}${state.regionTop + 1};${state.regionBottom + 1}r`;
  }
  out += set(6, state.origin);
  const row = state.origin ? state.cursorY - state.regionTop : state.cursorY;
  out += `${CSI}${row + 1};${state.cursorX + 1}H`;
  out += set(25, state.cursorVisible);
  out += set(1, state.cursorKeys);
  out += state.keypad ? `${ESC}=` : `${ESC}>`;
  out += `${CSI}4${state.insert ? 'h' : 'l'}`;
  out += set(7, state.wrap);
  out += set(1000, state.mouseStandard);
  out += set(1002, state.mouseButton);
  out += set(1003, state.mouseAny);
  out += set(1006, state.mouseSgr);
  return out;
}

/**
 * tmux's window layout strings (`#{window_visible_layout}`, `%layout-change`):
 * `CSUM,WxH,X,Y,PANE` for a pane, `CSUM,WxH,X,Y{...}` (side by side) or
 * `[...]` (stacked) around comma-separated cells. Only the panes' rectangles
 * matter to a view: it places one terminal per pane, tmux's borders between.
 */

export interface PaneRect {
  /** The pane's number (`%12` is 12). */
  id: number;
  x: number;
  y: number;
  cols: number;
  rows: number;
}

export interface WindowLayout {
  cols: number;
  rows: number;
  panes: PaneRect[];
}

class LayoutError extends Error {
  constructor(text: string, at: number) {
    super(`unreadable tmux layout at ${at}: ${JSON.stringify(text)}`);
  }
}

export function parseLayout(text: string): WindowLayout {
  // The leading checksum is not part of the cell grammar.
  const body = text.replace(/^[0-9a-f]{4},/, '');
  /** Positions in errors count in `text`, the string they quote. */
  const skipped = text.length - body.length;
  let at = 0;
  const panes: PaneRect[] = [];
  const number = (): number => {
    const match = /^\d+/.exec(body.slice(at));
    if (!match) throw new LayoutError(text, skipped + at);
    at += match[0].length;
    return Number(match[0]);
  };
  const expect = (char: string): void => {
    if (body[at] !== char) throw new LayoutError(text, skipped + at);
    at++;
  };
  const cell = (): { cols: number; rows: number } => {
    const cols = number();
    expect('x');
    const rows = number();
    expect(',');
    const x = number();
    expect(',');
    const y = number();
    const open = body[at];
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      at++;
      cell();
      while (body[at] === ',') {
        at++;
        cell();
      }
      expect(close);
    } else {
      expect(',');
      panes.push({ id: number(), x, y, cols, rows });
    }
    return { cols, rows };
  };
  const size = cell();
  if (at !== body.length) throw new LayoutError(text, skipped + at);
  return { ...size, panes };
}

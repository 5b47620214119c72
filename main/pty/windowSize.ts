/**
 * The size a watching client must have so that tmux leaves the agent's
 * window alone: tmux honours `ignore-size` only while another client
 * without it is attached, and an agent's session usually has none. A client
 * exactly as big as the window (its width; its height plus the status
 * lines) changes nothing.
 */
import type { AttachTarget } from './attachCommand';
import { exactSessionPane } from '../core/tmux/quote';

export interface TerminalSize {
  cols: number;
  rows: number;
}

export type WindowSizeProbe = (target: AttachTarget) => Promise<TerminalSize | null>;

/** Runs one tmux command on a server and returns its output. */
export type TmuxRun = (socket: string, args: string[]) => Promise<string>;

const SIZE_FORMAT = '#{window_width} #{window_height} #{status}';

/** `status` is on, off, or the number of status lines (2 to 5). */
function statusLines(value: string): number | null {
  if (value === 'on') return 1;
  if (value === 'off') return 0;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function parseWindowSize(output: string): TerminalSize | null {
  const [width, height, status] = output.trim().split(' ');
  const cols = Number(width);
  const windowRows = Number(height);
  const extra = statusLines(status ?? '');
  if (!Number.isInteger(cols) || !Number.isInteger(windowRows) || extra === null) return null;
  if (cols < 1 || windowRows < 1) return null;
  return { cols, rows: windowRows + extra };
}

/** Ask the session's server for its current window's size; null when it cannot tell. */
export function windowSizeProbe(run: TmuxRun): WindowSizeProbe {
  return async (target) => {
    try {
      return parseWindowSize(
        await run(target.socket, [
          'display-message',
          '-p',
          '-t',
          exactSessionPane(target.name),
          SIZE_FORMAT,
        ]),
      );
    } catch {
      return null;
    }
  };
}

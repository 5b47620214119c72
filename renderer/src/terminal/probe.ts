/**
 * A read-only window into a mounted terminal, hung on its element as
 * `loopwatchTerminal`: end-to-end tests and the benchmark read the screen
 * and the attach timings through it (with the WebGL renderer the text is
 * pixels, not DOM). The page's own code never uses it.
 */
import type { Terminal } from '@xterm/xterm';
import type { TerminalTimings, TerminalViewState } from './terminalState';

export interface TerminalProbe {
  /** The terminal on show: the whole window's, or the active pane's when drawn pane by pane. */
  readonly terminal: Terminal;
  /** Every terminal on show (one per pane when drawn pane by pane). */
  terminals(): Terminal[];
  timings: TerminalTimings;
  state(): TerminalViewState;
  /** Every line of the buffer, scrollback first, trailing blanks trimmed. */
  lines(): string[];
  /** The lines on screen (the active buffer's viewport at the bottom). */
  screen(): string[];
}

interface ProbeSource {
  viewTerminal: Terminal;
  viewTerminals: Terminal[];
  timings: TerminalTimings;
  current: TerminalViewState;
}

function bufferLines(terminal: Terminal, from: number, to: number): string[] {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let i = from; i < to; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  return lines;
}

export function attachProbe(element: HTMLElement, source: ProbeSource): void {
  const probe: TerminalProbe = {
    get terminal() {
      return source.viewTerminal;
    },
    terminals: () => source.viewTerminals,
    timings: source.timings,
    state: () => source.current,
    lines: () => {
      const terminal = source.viewTerminal;
      return bufferLines(terminal, 0, terminal.buffer.active.length);
    },
    screen: () => {
      const terminal = source.viewTerminal;
      const base = terminal.buffer.active.baseY;
      return bufferLines(terminal, base, base + terminal.rows);
    },
  };
  Object.defineProperty(element, 'loopwatchTerminal', { value: probe, configurable: true });
}

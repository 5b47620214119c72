/**
 * A read-only window into a mounted terminal, hung on its element as
 * `loopwatchTerminal`: end-to-end tests and the benchmark read the screen
 * and the attach timings through it (with the WebGL renderer the text is
 * pixels, not DOM). The page's own code never uses it.
 */
import type { Terminal } from '@xterm/xterm';
import type { TerminalTimings, TerminalViewState } from './xtermSession';

export interface TerminalProbe {
  terminal: Terminal;
  timings: TerminalTimings;
  state(): TerminalViewState;
  /** Every line of the buffer, scrollback first, trailing blanks trimmed. */
  lines(): string[];
  /** The lines on screen (the active buffer's viewport at the bottom). */
  screen(): string[];
}

interface ProbeSource {
  terminal: Terminal;
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
  const { terminal } = source;
  const probe: TerminalProbe = {
    terminal,
    timings: source.timings,
    state: () => source.current,
    lines: () => bufferLines(terminal, 0, terminal.buffer.active.length),
    screen: () => {
      const base = terminal.buffer.active.baseY;
      return bufferLines(terminal, base, base + terminal.rows);
    },
  };
  Object.defineProperty(element, 'loopwatchTerminal', { value: probe, configurable: true });
}

/**
 * What a terminal view shows and measures: shared by its engine
 * (xtermSession.ts), the React view and the test probe (probe.ts), so that
 * none of them imports another for its types.
 */
import type { OpenTerminalResponse, TerminalEnd, TerminalMode } from '../../../preload/contract';

export type TerminalPhase = 'connecting' | 'attached' | 'ended' | 'failed' | 'disconnected';

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface TerminalViewState {
  phase: TerminalPhase;
  mode: TerminalMode;
  /** A mode switch is on its way (the host re-attaches). */
  switching: boolean;
  info: OpenTerminalResponse | null;
  end: TerminalEnd | null;
  /** Why it failed or was disconnected, for the user. */
  error: string | null;
  renderer: 'webgl' | 'dom';
  /** Watch mode: the agent's window size, shown as it is. */
  windowSize: TerminalSize | null;
}

export interface TerminalTimings {
  requestedAt: number;
  firstOutputAt: number | null;
  firstPaintAt: number | null;
  /** Output bytes received so far (tmux's rendering of the pane, not the pane's own output). */
  outputBytes: number;
}

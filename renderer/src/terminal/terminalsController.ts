/**
 * Which terminals are open in this window, as tabs: one per session.
 * Opening a session whose terminal is open focuses its tab. The supervisor's
 * process can ask too (`terminalRequested`: tray and notification clicks,
 * which open in watch mode).
 */
import type { TerminalMode } from '../../../preload/contract';
import type { Transport } from '../api/transport';

export interface TerminalTab {
  sessionId: string;
  /** What to call it when the supervisor no longer lists the session. */
  label: string;
  /** The mode it was opened in (the view may switch later). */
  mode: TerminalMode;
  /** performance.now() when the user asked: attach time is measured from here. */
  requestedAt: number;
  /** Text to find once the terminal shows (the log viewer's "find in the terminal"); `seq` tells requests apart. */
  search?: { text: string; seq: number };
}

export interface TerminalsState {
  tabs: readonly TerminalTab[];
  active: string | null;
  /** Bumped whenever the active terminal should take keyboard focus. */
  focusRequest: number;
}

/**
 * A tmux session's name from its id (`tmux:SOCKET:NAME`; tmux names cannot
 * hold a colon), for requests that come with an id only.
 */
export function sessionNameFromId(sessionId: string): string {
  return sessionId.slice(sessionId.lastIndexOf(':') + 1) || sessionId;
}

const EMPTY: TerminalsState = { tabs: [], active: null, focusRequest: 0 };

export class TerminalsController {
  private state: TerminalsState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(readonly transport: Transport) {
    this.unsubscribe = transport.api.onTerminalRequested(({ sessionId, mode }) =>
      this.open(sessionId, mode),
    );
  }

  getState = (): TerminalsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private set(next: TerminalsState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  /** Open a session's terminal, or focus it if it is open already. */
  open(
    sessionId: string,
    mode: TerminalMode,
    label = sessionNameFromId(sessionId),
    requestedAt = performance.now(),
  ): void {
    const focusRequest = this.state.focusRequest + 1;
    if (this.state.tabs.some((tab) => tab.sessionId === sessionId)) {
      this.set({ ...this.state, active: sessionId, focusRequest });
      return;
    }
    this.set({
      tabs: [...this.state.tabs, { sessionId, label, mode, requestedAt }],
      active: sessionId,
      focusRequest,
    });
  }

  /** Open (or focus) a session's terminal with its search bar finding `text`. */
  openWithSearch(sessionId: string, label: string, text: string): void {
    this.open(sessionId, 'interactive', label);
    const seq = this.state.focusRequest;
    this.set({
      ...this.state,
      tabs: this.state.tabs.map((tab) =>
        tab.sessionId === sessionId ? { ...tab, search: { text, seq } } : tab,
      ),
    });
  }

  activate(sessionId: string): void {
    if (!this.state.tabs.some((tab) => tab.sessionId === sessionId)) return;
    this.set({ ...this.state, active: sessionId, focusRequest: this.state.focusRequest + 1 });
  }

  /** Close a tab (its view detaches); the neighbour becomes active. */
  close(sessionId: string): void {
    const index = this.state.tabs.findIndex((tab) => tab.sessionId === sessionId);
    if (index === -1) return;
    const tabs = this.state.tabs.filter((tab) => tab.sessionId !== sessionId);
    const active =
      this.state.active === sessionId
        ? (tabs[Math.min(index, tabs.length - 1)]?.sessionId ?? null)
        : this.state.active;
    this.set({ tabs, active, focusRequest: this.state.focusRequest + 1 });
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

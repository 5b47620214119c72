/**
 * "Find in the terminal" from outside the terminals (the log viewer): a
 * window event, so the dashboard's code needs nothing of the terminals'
 * (which load later, on demand). The page (App) opens the session's
 * terminal with its search bar on the text.
 */
export const FIND_IN_TERMINAL_EVENT = 'loopwatch:find-in-terminal';

export interface FindInTerminalRequest {
  sessionId: string;
  label: string;
  text: string;
}

export function requestFindInTerminal(request: FindInTerminalRequest): void {
  window.dispatchEvent(new CustomEvent(FIND_IN_TERMINAL_EVENT, { detail: request }));
}

/** Calls `open` for each request; returns the unsubscribe. */
export function onFindInTerminal(open: (request: FindInTerminalRequest) => void): () => void {
  const listener = (event: Event): void => {
    const detail = (event as CustomEvent<FindInTerminalRequest>).detail;
    if (typeof detail.sessionId === 'string' && typeof detail.text === 'string') open(detail);
  };
  window.addEventListener(FIND_IN_TERMINAL_EVENT, listener);
  return () => window.removeEventListener(FIND_IN_TERMINAL_EVENT, listener);
}

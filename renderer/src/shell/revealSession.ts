/**
 * Bring a session's row into view and give it focus: what "open this
 * session" does until the terminal view handles `openTerminalRequested`.
 * The row may not be there yet (the window just opened, the snapshot is on
 * its way), so it waits a little for it.
 */

/** Long enough for a fresh window to load its snapshot; short enough not to jump much later. */
export const REVEAL_WAIT_MS = 5_000;

function findRow(root: ParentNode, sessionId: string): HTMLElement | null {
  for (const row of root.querySelectorAll<HTMLElement>('[data-session-id]')) {
    if (row.dataset.sessionId === sessionId) return row;
  }
  return null;
}

function mark(row: HTMLElement, root: ParentNode): void {
  for (const other of root.querySelectorAll<HTMLElement>('[data-requested]')) {
    delete other.dataset.requested;
  }
  row.dataset.requested = 'true';
  row.tabIndex = -1;
  row.focus();
  row.scrollIntoView({ block: 'nearest' });
}

/** Reveal the row now or as soon as it appears; returns a function that stops waiting. */
export function revealSession(sessionId: string, root: HTMLElement = document.body): () => void {
  const row = findRow(root, sessionId);
  if (row) {
    mark(row, root);
    return () => {};
  }
  const observer = new MutationObserver(() => {
    const found = findRow(root, sessionId);
    if (!found) return;
    stop();
    mark(found, root);
  });
  const timer = setTimeout(() => stop(), REVEAL_WAIT_MS);
  function stop(): void {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(root, { childList: true, subtree: true });
  return stop;
}

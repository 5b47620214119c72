/**
 * Tells main which session's terminal has the user's eyes, so the policy
 * does not notify about it: the terminal view calls `terminalFocused` and
 * `terminalBlurred`; when the page itself loses focus it reports nobody.
 */
import type { LoopwatchApi } from '../../../preload/contract';

export interface FocusReporter {
  terminalFocused(sessionId: string): void;
  terminalBlurred(sessionId: string): void;
  dispose(): void;
}

export function createFocusReporter(
  api: Pick<LoopwatchApi, 'reportFocus'>,
  win: Window = window,
): FocusReporter {
  let terminal: string | null = null;
  let reported: string | null = null;
  const report = (): void => {
    const next = win.document.hasFocus() && !win.document.hidden ? terminal : null;
    if (next === reported) return;
    reported = next;
    // A lost report only costs one notification too many: never an error for the user.
    api.reportFocus({ sessionId: next }).catch(() => undefined);
  };
  win.addEventListener('focus', report);
  win.addEventListener('blur', report);
  win.document.addEventListener('visibilitychange', report);
  return {
    terminalFocused(sessionId) {
      terminal = sessionId;
      report();
    },
    terminalBlurred(sessionId) {
      if (terminal === sessionId) terminal = null;
      report();
    },
    dispose() {
      win.removeEventListener('focus', report);
      win.removeEventListener('blur', report);
      win.document.removeEventListener('visibilitychange', report);
    },
  };
}

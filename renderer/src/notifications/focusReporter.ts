/**
 * Tells main which session's terminal has the user's eyes, so the policy
 * does not notify about it: the active terminal tab while this page has
 * focus and is visible; nobody when the page loses focus or no terminal is
 * open.
 */
import type { LoopwatchApi } from '../../../preload/contract';
import type { TerminalsController } from '../terminal/terminalsController';

export function bindFocusReporter(
  api: Pick<LoopwatchApi, 'reportFocus'>,
  terminals: Pick<TerminalsController, 'getState' | 'subscribe'>,
  win: Window = window,
): () => void {
  let reported: string | null = null;
  const report = (): void => {
    const visible = win.document.hasFocus() && !win.document.hidden;
    const next = visible ? terminals.getState().active : null;
    if (next === reported) return;
    reported = next;
    // A lost report only costs one notification too many: never an error for the user.
    api.reportFocus({ sessionId: next }).catch(() => undefined);
  };
  win.addEventListener('focus', report);
  win.addEventListener('blur', report);
  win.document.addEventListener('visibilitychange', report);
  const unsubscribe = terminals.subscribe(report);
  report();
  return () => {
    unsubscribe();
    win.removeEventListener('focus', report);
    win.removeEventListener('blur', report);
    win.document.removeEventListener('visibilitychange', report);
  };
}

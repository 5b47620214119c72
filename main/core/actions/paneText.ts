import type { Pane } from '../../../preload/contract';

/** How a dead pane ended, in words: "status 3" or "signal 9" ("status ?" when tmux lost it). */
export function exitText(pane: Pick<Pane, 'exitStatus' | 'exitSignal'>): string {
  return pane.exitSignal !== null
    ? `signal ${pane.exitSignal}`
    : `status ${pane.exitStatus ?? '?'}`;
}

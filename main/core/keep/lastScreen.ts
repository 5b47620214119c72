/** The last screen Loopwatch read of a session: its active pane's first, else the newest of any pane. */
import type { Session } from '../../../preload/contract';
import type { ScreenWatcher } from '../status/screenWatcher';
import type { LastScreen } from './endedSessions';

export function lastScreenOf(screen: ScreenWatcher, session: Session): LastScreen | null {
  if (!session.socket) return null;
  const active = session.panes.find((p) => p.active);
  const fromActive = active ? screen.lastText(session.socket, active.id) : null;
  if (fromActive) return fromActive;
  let newest: LastScreen | null = null;
  for (const pane of session.panes) {
    const last = screen.lastText(session.socket, pane.id);
    if (last && (!newest || last.atMs > newest.atMs)) newest = last;
  }
  return newest;
}

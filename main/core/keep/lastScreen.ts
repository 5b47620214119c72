/** What an ended session leaves behind: the last screen Loopwatch read of it, and its log file. */
import { existsSync } from 'node:fs';
import { logFileFor } from '../logs/sessionLogs';
import type { Env } from '../paths';
import type { Session } from '../../../preload/contract';
/** Anything that knows the last screen text of a pane (the screens source). */
interface ScreenMemory {
  lastText(socket: string, paneId: string): LastScreen | null;
}
import type { LastScreen } from './endedSessions';

/** Its active pane's last screen, else the newest of any pane's. */
export function lastScreenOf(screen: ScreenMemory, session: Session): LastScreen | null {
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

/** The session's log file, if it was ever logged (one stat, once, when it ends). */
export function existingLogOf(env: Env, session: Session): string | null {
  if (!session.socket) return null;
  const file = logFileFor(env, session.socket, session.name);
  return existsSync(file) ? file : null;
}

/**
 * What the view says when a terminal is over: tmux's own reason and exit
 * status, and what the supervisor last knew of the session.
 */
import type { Session, TerminalEnd } from '../../../preload/contract';

const HEADLINES: Readonly<Record<TerminalEnd['kind'], string>> = {
  exited: 'Session ended',
  detached: 'Detached by another client (the session is still running)',
  serverExited: 'The tmux server exited',
  notFound: 'The session no longer exists',
  noServer: 'No tmux server is running on that socket',
  tmuxMissing: 'tmux could not be run',
  deadPane: 'Not attached: the pane is dead (its last screen is shown)',
  hostUnreachable: 'Lost the host (the session may still be running there)',
  failed: 'The terminal stopped',
};

export interface EndNotice {
  headline: string;
  detail: string;
}

export function describeEnd(end: TerminalEnd, lastKnown: Session | null): EndNotice {
  const exit =
    end.signal !== null
      ? `signal ${end.signal}`
      : end.exitCode !== null
        ? `exit status ${end.exitCode}`
        : null;
  const parts = [exit ? `${end.message} (${exit})` : end.message];
  if (lastKnown) parts.push(`Last status: ${lastKnown.status}, ${lastKnown.reason}`);
  return { headline: HEADLINES[end.kind], detail: parts.join('. ') };
}

/** Electron wraps a rejected IPC call's message; the user needs only ours. */
export function cleanErrorMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}

import { memo } from 'react';
import type { Session, TerminalMode } from '../../../preload/contract';
import { StatusBadge } from './StatusBadge';

/** Open a session's live terminal (double-click or Enter: interactive; with Shift: watch). */
export type OpenSession = (session: Session, mode: TerminalMode) => void;

function modeFor(event: { shiftKey: boolean }): TerminalMode {
  return event.shiftKey ? 'watch' : 'interactive';
}

/** Enter opens the focused row; the arrow keys move between rows. */
function onRowKey(event: React.KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  const row = event.currentTarget;
  const target =
    event.key === 'ArrowDown'
      ? row.nextElementSibling
      : event.key === 'ArrowUp'
        ? row.previousElementSibling
        : null;
  if (event.key === 'Enter') open();
  else if (target instanceof HTMLElement) target.focus();
  else return;
  event.preventDefault();
}

function shortSocket(socket: string | null): string {
  if (!socket) return '-';
  const parts = socket.split('/');
  return parts[parts.length - 1] ?? socket;
}

const SessionRow = memo(function SessionRow({
  session,
  onOpen,
}: {
  session: Session;
  onOpen?: OpenSession | undefined;
}) {
  return (
    <tr
      aria-label={session.displayName}
      data-session-id={session.id}
      tabIndex={onOpen ? 0 : undefined}
      onDoubleClick={onOpen && ((event) => onOpen(session, modeFor(event)))}
      onKeyDown={onOpen && ((event) => onRowKey(event, () => onOpen(session, modeFor(event))))}
    >
      <td className="name">{session.displayName}</td>
      <td>
        <span className="badge">{session.source}</span>
      </td>
      <td>
        <StatusBadge status={session.status} />
        <span className="reason">{session.reason}</span>
      </td>
      <td title={session.socket ?? ''}>{shortSocket(session.socket)}</td>
      <td>{session.windows}</td>
      <td>{session.attachedClients}</td>
      <td className="dir" title={session.projectDir ?? ''}>
        {session.projectDir ?? ''}
      </td>
    </tr>
  );
});

export function SessionTable({
  sessions,
  onOpen,
}: {
  sessions: readonly Session[];
  onOpen?: OpenSession;
}): React.JSX.Element {
  return (
    <table className="sessions" aria-label="Sessions">
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">Source</th>
          <th scope="col">Status</th>
          <th scope="col">Server</th>
          <th scope="col">Windows</th>
          <th scope="col">Attached</th>
          <th scope="col">Directory</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <SessionRow key={session.id} session={session} onOpen={onOpen} />
        ))}
      </tbody>
    </table>
  );
}

import { memo } from 'react';
import type { Session } from '../../../preload/contract';
import { StatusBadge } from './StatusBadge';

function shortSocket(socket: string | null): string {
  if (!socket) return '-';
  const parts = socket.split('/');
  return parts[parts.length - 1] ?? socket;
}

const SessionRow = memo(function SessionRow({ session }: { session: Session }) {
  return (
    <tr aria-label={session.displayName} data-session-id={session.id}>
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

export function SessionTable({ sessions }: { sessions: readonly Session[] }): React.JSX.Element {
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
          <SessionRow key={session.id} session={session} />
        ))}
      </tbody>
    </table>
  );
}

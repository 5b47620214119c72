import { SESSION_STATUSES, type HostHealth, type SessionStatus } from '../../../preload/contract';
import type { ConnectionState } from '../api/transport';
import { HostHealthList } from './HostHealth';
import { STATUS_GLYPHS } from './model/labels';

/** Statuses worth a word in the header: the ones that want a person. */
const HEADLINE: readonly SessionStatus[] = ['waiting', 'crashed'];

const CONNECTION_TEXT: Readonly<Record<ConnectionState, string>> = {
  open: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
};

export function Header({
  loaded,
  total,
  counts,
  connection,
  hosts = [],
  children,
}: {
  loaded: boolean;
  total: number;
  counts: ReadonlyMap<SessionStatus, number>;
  connection: ConnectionState;
  /** Remote hosts and how each is (none: nothing shown). */
  hosts?: readonly HostHealth[];
  /** Actions shown in the bar (start, resume, clean up, ...). */
  children?: React.ReactNode;
}): React.JSX.Element {
  const headline = SESSION_STATUSES.filter((s) => HEADLINE.includes(s) && (counts.get(s) ?? 0) > 0);
  return (
    <header className="topbar">
      <h1>Loopwatch</h1>
      <span className="summary">
        {loaded ? `${total} ${total === 1 ? 'session' : 'sessions'}` : 'Loading…'}
        {headline.map((status) => (
          <span key={status} className={`headline status-${status}`}>
            <span aria-hidden="true">{STATUS_GLYPHS[status]} </span>
            {counts.get(status)} {status}
          </span>
        ))}
      </span>
      <HostHealthList hosts={hosts} />
      {children}
      <span
        role="status"
        aria-label="Connection"
        className={`connection connection-${connection}`}
        title={
          connection === 'open'
            ? 'Connected to the supervisor'
            : 'The supervisor is not answering; the page reconnects by itself and keeps your view'
        }
      >
        <span aria-hidden="true" className="connection-dot" />
        {CONNECTION_TEXT[connection]}
      </span>
    </header>
  );
}

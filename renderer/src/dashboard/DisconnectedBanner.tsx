/**
 * "Disconnected since 14:02", and where `serve` went if a restart moved it
 * to another port (its old one was taken): the page offers the new address.
 */
import { useMovedServer } from '../api/movedServer';
import { formatClockTime } from './time/relativeTime';

export function DisconnectedBanner({ since }: { since: number }): React.JSX.Element {
  const moved = useMovedServer();
  return (
    <p role="alert" className="banner disconnected">
      Disconnected since {formatClockTime(since)}: the list is as it was then, times are stopped,
      and the page reconnects by itself.
      {moved !== null && (
        <>
          {' '}
          Loopwatch is serving at a new address now (its port here was taken):{' '}
          <a className="moved-server" href={moved}>
            open {moved}
          </a>
        </>
      )}
    </p>
  );
}

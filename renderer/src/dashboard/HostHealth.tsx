/**
 * Remote hosts in the header (issue 17): one chip per host saying how it is
 * ("gpu up", "gpu unreachable since 14:02: connection timed out", "gpu auth
 * failed: ..."). Nothing shows when no host is watched.
 */
import type { HostHealth } from '../../../preload/contract';

const STATE_WORDS: Readonly<Record<HostHealth['state'], string>> = {
  up: 'up',
  unreachable: 'unreachable',
  'auth-failed': 'auth failed',
  'host-key': 'host key refused',
};

/** `14:02 UTC` of an ISO time: the same clock the sessions' "unreachable since" reasons use. */
function hhmm(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

/** What the chip says for one host. */
export function hostHealthText(host: HostHealth): string {
  if (host.state === 'up') return `${host.name} up`;
  const since = host.state === 'unreachable' ? ` since ${hhmm(host.since)}` : '';
  const reason = host.reason ? `: ${host.reason}` : '';
  return `${host.name} ${STATE_WORDS[host.state]}${since}${reason}`;
}

export function HostHealthList({
  hosts,
}: {
  hosts: readonly HostHealth[];
}): React.JSX.Element | null {
  if (hosts.length === 0) return null;
  return (
    <ul className="host-health" aria-label="Hosts">
      {hosts.map((host) => (
        <li
          key={host.name}
          className={`host-chip host-${host.state}`}
          title={`${host.destination}${host.tmuxVersion ? `, ${host.tmuxVersion}` : ''}; checked ${hhmm(host.checkedAt)}`}
        >
          <span aria-hidden="true" className="host-dot" />
          {hostHealthText(host)}
        </li>
      ))}
    </ul>
  );
}

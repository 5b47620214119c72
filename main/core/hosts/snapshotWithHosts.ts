/**
 * `list` and `status` with hosts: the local supervisor's one-shot look and
 * every remote host's, side by side (a slow host delays only the answer,
 * never the local look), merged into one snapshot whose remote sessions
 * and servers carry their host's name and whose `hosts` say how each is.
 */
import type { Snapshot } from '../../../preload/contract';
import { snapshotOnce, type SnapshotOnceOptions } from '../snapshotOnce';
import type { HostSpec } from './hostSpec';
import { scanHosts } from './hostScan';

export interface SnapshotWithHostsOptions extends SnapshotOnceOptions {
  hosts?: readonly HostSpec[];
}

export async function snapshotWithHosts(options: SnapshotWithHostsOptions): Promise<Snapshot> {
  const { hosts = [], ...local } = options;
  if (hosts.length === 0) return snapshotOnce(local);
  const [snapshot, scans] = await Promise.all([
    snapshotOnce(local),
    scanHosts(hosts, options.env ?? process.env),
  ]);
  return {
    ...snapshot,
    servers: [...snapshot.servers, ...scans.flatMap((s) => s.servers)],
    sessions: [...snapshot.sessions, ...scans.flatMap((s) => s.sessions)],
    // A host's unusable registry or schmux state, named with the host.
    sources: [...(snapshot.sources ?? []), ...scans.flatMap((s) => s.sources)],
    hosts: scans.map((s) => s.health),
  };
}

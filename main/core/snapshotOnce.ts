/**
 * A one-shot look at every tmux server, for `loopwatch list`: one
 * `list-panes` and one `list-clients` per server as child processes, no
 * control client, nothing left running.
 */
import type { Server, Snapshot } from '../../preload/contract';
import type { Env } from './paths';
import { sessionFromTmux } from './sessions/fromTmux';
import { scanServers } from './tmux/scanServers';

export interface SnapshotOnceOptions {
  env?: Env;
  sockets?: readonly string[];
}

export async function snapshotOnce(options: SnapshotOnceOptions = {}): Promise<Snapshot> {
  const env = options.env ?? process.env;
  const now = Date.now();
  const scans = await scanServers(env, options.sockets ?? []);
  const checkedAt = new Date(now).toISOString();
  return {
    seq: 0,
    generatedAt: checkedAt,
    servers: scans.map((scan): Server => ({
      socket: scan.socket,
      origins: scan.origins,
      state: scan.state,
      error: scan.error,
      sessionCount: scan.sessions.length,
      checkedAt,
    })),
    sessions: scans.flatMap((scan) =>
      scan.sessions.map((f) => sessionFromTmux(scan.socket, f, now)),
    ),
  };
}

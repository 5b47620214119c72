/**
 * A one-shot look at every tmux server, for `loopwatch list`: one
 * `list-panes` and one `list-clients` per server as child processes, no
 * control client, nothing left running.
 */
import type { Server, Snapshot } from '../../preload/contract';
import { defaultTmuxSocket, type Env } from './paths';
import { sessionFromTmux } from './sessions/fromTmux';
import { discoverTmuxSockets, mergeCandidates } from './tmux/discovery';
import { describeServerError, TmuxMissingError } from './tmux/errors';
import { execTmux } from './tmux/execTmux';
import { querySessions } from './tmux/queryServer';

export interface SnapshotOnceOptions {
  env?: Env;
  sockets?: readonly string[];
}

export async function snapshotOnce(options: SnapshotOnceOptions = {}): Promise<Snapshot> {
  const env = options.env ?? process.env;
  const found = await discoverTmuxSockets(env);
  const merged = mergeCandidates([
    { socket: defaultTmuxSocket(env), origin: 'default' },
    ...(options.sockets ?? []).map((socket) => ({ socket, origin: 'flag' as const })),
    ...found,
  ]);
  const now = Date.now();
  const results = await Promise.all(
    [...merged].map(async ([socket, origins]) => {
      const base = { socket, origins: [...origins], checkedAt: new Date(now).toISOString() };
      try {
        const facts = await querySessions({ run: (args) => execTmux(socket, args) });
        const server: Server = { ...base, state: 'up', error: null, sessionCount: facts.length };
        return { server, sessions: facts.map((f) => sessionFromTmux(socket, f, now)) };
      } catch (error) {
        if (error instanceof TmuxMissingError) throw error;
        const message = describeServerError(socket, (error as Error).message);
        const state = /no tmux server is listening/.test(message) ? 'down' : 'error';
        const server: Server = { ...base, state, error: message, sessionCount: 0 };
        return { server, sessions: [] };
      }
    }),
  );
  return {
    seq: 0,
    generatedAt: new Date(now).toISOString(),
    servers: results.map((r) => r.server).sort((a, b) => a.socket.localeCompare(b.socket)),
    sessions: results.flatMap((r) => r.sessions),
  };
}

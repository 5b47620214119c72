/**
 * A one-shot look at tmux servers as child processes (no control client,
 * nothing left running): which servers answer, and every session on each.
 * Used by `loopwatch list` and by the lifecycle actions, which read the
 * facts themselves right before they act.
 */
import type { Server, ServerOrigin } from '../../../preload/contract';
import { defaultTmuxSocket, type Env } from '../paths';
import { discoverTmuxSockets, mergeCandidates, vetCandidates } from './discovery';
import { describeServerError, TmuxMissingError } from './errors';
import { execTmux } from './execTmux';
import type { TmuxSessionFacts } from './formats';
import { querySessions } from './queryServer';

export interface ServerScan {
  socket: string;
  origins: ServerOrigin[];
  state: Server['state'];
  /** Why the server is down or unusable; null when up. */
  error: string | null;
  sessions: TmuxSessionFacts[];
}

/** Every tmux server to look at: the default one, the socket dir's, and `extra` (flags, settings). */
export async function knownServers(
  env: Env,
  extra: readonly string[] = [],
): Promise<Map<string, Set<ServerOrigin>>> {
  return mergeCandidates([
    { socket: defaultTmuxSocket(env), origin: 'default' },
    ...extra.map((socket) => ({ socket, origin: 'flag' as const })),
    ...(await discoverTmuxSockets(env)),
  ]);
}

/** One server's sessions; a server that does not answer is a result, not an exception. */
export async function scanServer(
  socket: string,
  env: Env,
  origins: ServerOrigin[] = [],
): Promise<ServerScan> {
  try {
    const sessions = await querySessions({ run: (args) => execTmux(socket, args, { env }) });
    return { socket, origins, state: 'up', error: null, sessions };
  } catch (error) {
    if (error instanceof TmuxMissingError) throw error;
    const message = describeServerError(socket, (error as Error).message);
    const state = /no tmux server is listening/.test(message) ? 'down' : 'error';
    return { socket, origins, state, error: message, sessions: [] };
  }
}

/**
 * Every known server (see knownServers), scanned in parallel, sorted by
 * socket. A socket that fails the ownership check is reported with why and
 * never queried.
 */
export async function scanServers(env: Env, extra: readonly string[] = []): Promise<ServerScan[]> {
  const { trusted, refused } = await vetCandidates(await knownServers(env, extra));
  const scans = await Promise.all(
    [...trusted].map(([socket, origins]) => scanServer(socket, env, [...origins])),
  );
  for (const [socket, { origins, reason }] of refused) {
    scans.push({ socket, origins: [...origins], state: 'error', error: reason, sessions: [] });
  }
  return scans.sort((a, b) => a.socket.localeCompare(b.socket));
}

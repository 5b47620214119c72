/**
 * Where an action's tmux commands run: this machine (short tmux processes
 * on local sockets) or a remote host (the same commands over the host's
 * shared ssh connection, every argument quoted for the host's shell). A
 * socket path names a server on its own machine only, so an action on a
 * host's session never touches a local server of the same path.
 */
import type { HostConnection } from '../hosts/hostConnection';
import { discoverRemote } from '../hosts/remoteDiscovery';
import { HostConnectionError } from '../hosts/sshErrors';
import { mergeCandidates } from '../tmux/discovery';
import { describeServerError, TmuxMissingError } from '../tmux/errors';
import { execTmux } from '../tmux/execTmux';
import { querySessions } from '../tmux/queryServer';
import type { TmuxRunner } from '../tmux/runner';
import { scanServer, scanServers, type ServerScan } from '../tmux/scanServers';
import { ActionRefusedError, type ActionContext } from './context';

export interface TmuxPlace {
  /** The remote host's name; null for this machine. */
  host: string | null;
  runner(socket: string): TmuxRunner;
  /** A server for messages and the audit log: `SOCKET`, or `SOCKET on host H`. */
  where(socket: string): string;
  /** One server's sessions (a server that does not answer is a result). */
  scan(socket: string): Promise<ServerScan>;
  /** Every server known there (local: discovery plus the context's sockets). */
  scanAll(): Promise<ServerScan[]>;
}

export function localPlace(ctx: ActionContext): TmuxPlace {
  return {
    host: null,
    runner: (socket) => ({ run: (args) => execTmux(socket, [...args], { env: ctx.env }) }),
    where: (socket) => socket,
    scan: (socket) => scanServer(socket, ctx.env),
    scanAll: () => scanServers(ctx.env, ctx.sockets),
  };
}

/** A host that cannot be reached refuses the action: nothing was done, and why. */
function refuseUnreachable(host: string, error: HostConnectionError): never {
  throw new ActionRefusedError(
    `host ${host} ${error.problem}: ${error.message} (nothing was done)`,
  );
}

export function hostPlace(connection: HostConnection): TmuxPlace {
  const host = connection.host.name;
  const place: TmuxPlace = {
    host,
    runner: (socket) => connection.tmuxRunner(socket),
    where: (socket) => `${socket} on host ${host}`,
    async scan(socket) {
      try {
        const sessions = await querySessions(connection.tmuxRunner(socket));
        return { socket, origins: [], state: 'up', error: null, sessions };
      } catch (error) {
        if (error instanceof HostConnectionError) refuseUnreachable(host, error);
        if (error instanceof TmuxMissingError) throw error;
        const message = describeServerError(socket, (error as Error).message);
        const state = /no tmux server is listening/.test(message) ? 'down' : 'error';
        return { socket, origins: [], state, error: message, sessions: [] };
      }
    },
    async scanAll() {
      let found;
      try {
        found = await discoverRemote(connection);
      } catch (error) {
        if (error instanceof HostConnectionError) refuseUnreachable(host, error);
        throw error;
      }
      const sockets = [...mergeCandidates(found.sockets).keys()];
      const scans = await Promise.all(sockets.map((socket) => place.scan(socket)));
      return scans.sort((a, b) => a.socket.localeCompare(b.socket));
    },
  };
  return place;
}

/** A host's connection for an action there; refused (nothing done) when the host is not known here. */
export function hostConnectionOf(ctx: ActionContext, host: string): HostConnection {
  const connection = ctx.hosts?.(host) ?? null;
  if (!connection)
    throw new ActionRefusedError(
      `host ${JSON.stringify(host)} is not one this Loopwatch knows (add it with \`loopwatch hosts add\` or --host NAME=DEST); nothing was done`,
    );
  return connection;
}

/** The place of a session on `host` (undefined or null: this machine). */
export function placeOf(ctx: ActionContext, host: string | null | undefined): TmuxPlace {
  return host ? hostPlace(hostConnectionOf(ctx, host)) : localPlace(ctx);
}

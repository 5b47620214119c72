/**
 * The `openTerminal` operation: find the session the supervisor knows by
 * its id, and attach to its tmux session on its server. Runs where the
 * supervisor runs (the server, or Electron's main process); the ptys live
 * in whatever TerminalHostApi it is given.
 */
import type { OpenTerminalRequest, OpenTerminalResponse, Session } from '../../preload/contract';
import { checkSocket } from '../core/files/ownership';
import type { SshRoute } from '../core/hosts/sshRoute';
import { remoteAttachCommandLine } from '../core/hosts/remoteAttach';
import { attachCommandLine } from './attachCommand';
import type { TerminalHostApi } from './ptyHost';

export interface OpenTerminalDeps {
  /** The supervisor's current sessions. */
  sessions: () => readonly Session[];
  host: TerminalHostApi;
  /** The user's $SHELL, to quote the attach command for it. */
  shell?: string;
  /** How to reach a watched remote host (its shared ssh connection); null: not watched. */
  route?: (host: string) => SshRoute | null;
}

export function createOpenTerminal(
  deps: OpenTerminalDeps,
): (request: OpenTerminalRequest) => Promise<OpenTerminalResponse> {
  return async (request) => {
    const session = deps.sessions().find((s) => s.id === request.sessionId);
    if (!session) {
      throw new Error('This session has ended: Loopwatch no longer sees it on any tmux server.');
    }
    if (!session.live || !session.socket) {
      throw new Error(
        `${session.displayName} has no tmux session to attach to any more (${session.status}: ${session.reason}).`,
      );
    }
    // Its socket path names a server on the host: every tmux command goes there over ssh, never here.
    const route = session.host ? remoteRoute(deps, session.host, session.displayName) : undefined;
    if (!route) {
      // Checked again right before attaching: a socket swapped since discovery
      // would otherwise run what its owner chose (`detach-client -E`) as us.
      // (On a host, discovery vetted the socket there; this machine's files say nothing of it.)
      const trust = await checkSocket(session.socket);
      if (!trust.ok) {
        throw new Error(`Not attaching to ${session.socket}: ${trust.reason}.`);
      }
    }
    const target = { socket: session.socket, name: session.name };
    const { terminalId } = await deps.host.open({
      ...target,
      ...(route ? { route } : {}),
      mode: request.mode,
      cols: request.cols,
      rows: request.rows,
    });
    return {
      terminalId,
      sessionId: session.id,
      sessionName: session.name,
      socket: session.socket,
      mode: request.mode,
      attachCommand: route
        ? remoteAttachCommandLine(route, target, deps.shell)
        : attachCommandLine(target, deps.shell),
    };
  };
}

function remoteRoute(deps: OpenTerminalDeps, host: string, displayName: string): SshRoute {
  const route = deps.route?.(host) ?? null;
  if (!route)
    throw new Error(
      `${displayName} runs on host ${host}, which this Loopwatch does not watch: no connection to open its terminal over.`,
    );
  return route;
}

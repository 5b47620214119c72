/**
 * The `openTerminal` operation: find the session the supervisor knows by
 * its id, and attach to its tmux session on its server. Runs where the
 * supervisor runs (the server, or Electron's main process); the ptys live
 * in whatever TerminalHostApi it is given.
 */
import type { OpenTerminalRequest, OpenTerminalResponse, Session } from '../../preload/contract';
import { checkSocket } from '../core/files/ownership';
import { attachCommandLine } from './attachCommand';
import type { TerminalHostApi } from './ptyHost';

export interface OpenTerminalDeps {
  /** The supervisor's current sessions. */
  sessions: () => readonly Session[];
  host: TerminalHostApi;
  /** The user's $SHELL, to quote the attach command for it. */
  shell?: string;
}

export function createOpenTerminal(
  deps: OpenTerminalDeps,
): (request: OpenTerminalRequest) => Promise<OpenTerminalResponse> {
  return async (request) => {
    const session = deps.sessions().find((s) => s.id === request.sessionId);
    if (!session) {
      throw new Error('This session has ended: Loopwatch no longer sees it on any tmux server.');
    }
    if (session.host) {
      // Its socket path names a server on the host; attaching here could open a local one.
      throw new Error(
        `${session.displayName} runs on host ${session.host}: the live terminal of a remote session is not supported yet.`,
      );
    }
    if (!session.live || !session.socket) {
      throw new Error(
        `${session.displayName} has no tmux session to attach to any more (${session.status}: ${session.reason}).`,
      );
    }
    // Checked again right before attaching: a socket swapped since discovery
    // would otherwise run what its owner chose (`detach-client -E`) as us.
    const trust = await checkSocket(session.socket);
    if (!trust.ok) {
      throw new Error(`Not attaching to ${session.socket}: ${trust.reason}.`);
    }
    const target = { socket: session.socket, name: session.name };
    const { terminalId } = await deps.host.open({
      ...target,
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
      attachCommand: attachCommandLine(target, deps.shell),
    };
  };
}

/**
 * A terminal on a remote host: its tmux commands run on the host through
 * the host's shared ssh connection (the route the supervisor hands over),
 * and an ssh failure (exit status 255: the link dropped, the host refused
 * us) ends the view with that reason, never as a tmux error.
 */
import { execFile } from 'node:child_process';
import type { TerminalEnd } from '../../preload/contract';
import { classifySshFailure, SSH_FAILED } from '../core/hosts/sshErrors';
import { overSsh, type SshRoute } from '../core/hosts/sshRoute';
import type { TmuxRun } from './windowSize';

/** One query over the link: the connect (shared, usually open) and the answer. */
const REMOTE_QUERY_TIMEOUT_MS = 15_000;

/** The remote argv of a tmux command on `socket`; -u: the host's ssh session may have no UTF-8 locale. */
export function remoteTmuxArgv(args: readonly string[]): string[] {
  return ['tmux', '-u', ...args];
}

/** How the view is told the host went away (or never let us in). */
export function hostLost(route: SshRoute, stderr: string, exitCode: number | null): TerminalEnd {
  // A shared connection that closed under its users (the link cut, the master gone) says nothing.
  if (stderr.trim() === '')
    return {
      kind: 'hostUnreachable',
      message: `the connection to host ${route.host} was lost`,
      exitCode,
      signal: null,
    };
  const problem = classifySshFailure(route.host, stderr);
  const what = problem.problem === 'unreachable' ? 'unreachable' : 'refused the connection';
  return {
    kind: 'hostUnreachable',
    message: `host ${route.host} ${what}: ${problem.message}`,
    exitCode,
    signal: null,
  };
}

export class RemoteTmuxError extends Error {
  constructor(
    message: string,
    /** Set when ssh itself failed (not tmux). */
    readonly lost: TerminalEnd | null,
  ) {
    super(message);
    this.name = 'RemoteTmuxError';
  }
}

/** Run `tmux ARGS` on the host; rejects with tmux's words, or the host's loss. */
export function remoteTmux(route: SshRoute, args: readonly string[]): Promise<string> {
  const { file, args: argv } = overSsh(route, remoteTmuxArgv(args));
  return new Promise((resolve, reject) => {
    execFile(
      file,
      argv,
      { encoding: 'utf8', timeout: REMOTE_QUERY_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as { code?: unknown }).code;
        const timedOut = (error as { killed?: boolean }).killed === true;
        if (code === SSH_FAILED || timedOut) {
          const lost = hostLost(route, timedOut ? 'no answer (timed out)' : stderr, null);
          return reject(new RemoteTmuxError(lost.message, lost));
        }
        reject(new RemoteTmuxError(stderr.trim() || error.message, null));
      },
    );
  });
}

/** TmuxRun on the host's servers (the dead-pane guard, watch mode's window size). */
export function remoteTmuxRun(route: SshRoute): TmuxRun {
  return (socket, args) => remoteTmux(route, ['-S', socket, ...args]);
}

/** The host's `tmux -V` ("" when it cannot be asked). */
export function remoteTmuxVersion(route: SshRoute): Promise<string> {
  return remoteTmux(route, ['-V']).then(
    (out) => out.trim(),
    () => '',
  );
}

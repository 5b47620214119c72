/**
 * What an ssh failure means for a host, from the client's exit status 255
 * and its stderr: the host cannot be reached, it refused our key, or its
 * host key is unknown or changed. One short line for people.
 */

export type HostProblem = 'unreachable' | 'auth-failed' | 'host-key';

/** ssh's exit status when ssh itself failed (not the remote command). */
export const SSH_FAILED = 255;

export class HostConnectionError extends Error {
  constructor(
    readonly host: string,
    readonly problem: HostProblem,
    message: string,
  ) {
    super(message);
    this.name = 'HostConnectionError';
  }
}

/** The first meaningful line of ssh's stderr. */
function firstLine(stderr: string): string {
  return (
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('@@@')) ?? ''
  );
}

export function classifySshFailure(host: string, stderr: string): HostConnectionError {
  const text = stderr.trim();
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(text))
    return new HostConnectionError(
      host,
      'host-key',
      'host key changed (possible attack, or the host was reinstalled): check it, then `loopwatch hosts check NAME`',
    );
  if (/host key is known|Host key verification failed/i.test(text))
    return new HostConnectionError(
      host,
      'host-key',
      'host key not known: run `loopwatch hosts check NAME` to see its fingerprint and accept it',
    );
  if (/Permission denied/i.test(text)) {
    const methods = /Permission denied \(([^)]*)\)/.exec(text)?.[1] ?? '';
    const wantsPassword = /password|keyboard-interactive/.test(methods);
    return new HostConnectionError(
      host,
      'auth-failed',
      wantsPassword && !/publickey/.test(methods)
        ? 'auth failed: the host wants a password; needs a key or agent'
        : `auth failed (${methods || 'permission denied'}): needs a key or agent the host accepts`,
    );
  }
  const line = firstLine(text).replace(/^ssh: /, '');
  return new HostConnectionError(host, 'unreachable', line || 'ssh failed with no message');
}

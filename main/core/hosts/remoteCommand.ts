/**
 * The one place Loopwatch must make a shell string: ssh joins everything
 * after the destination into a single command line that the host's login
 * shell parses. Every argument is quoted for a POSIX shell with the
 * project's quoter, so names and paths holding quotes, `$()`, newlines or
 * a leading dash reach the remote program as the exact argv we meant.
 */
import { shellQuote } from '../shell/shellQuote';

export function remoteCommandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('a remote command needs at least a program');
  return argv.map(shellQuote).join(' ');
}

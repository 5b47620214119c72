/**
 * POSIX shell quoting for commands the user copies and runs by hand. Only
 * for display: Loopwatch itself never runs a shell string.
 */

/** Characters that never need quoting in sh, bash or zsh. */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuoteArg(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  // Inside single quotes nothing is special except the quote itself: close, escape, reopen.
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuoteArg).join(' ');
}

/**
 * POSIX shell quoting for the one place Loopwatch must produce a shell
 * string: a Claude Code hook's `command`, which Claude runs through a shell
 * (`sh -c`) with no way to pass an argument array. Everywhere else Loopwatch
 * spawns programs with argument arrays and never builds a command line.
 *
 * Each argument goes inside single quotes, where a POSIX shell treats every
 * character literally (`$`, backquotes, `\`, `"`, spaces, newlines, globs);
 * a single quote itself ends the quoted part, is escaped, and a new quoted
 * part begins: `it's` becomes `'it'\''s'`. NUL cannot be passed through an
 * argv at all, so it is refused.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('an argument cannot contain a NUL character');
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Characters that never need quoting in a POSIX shell word. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A command line for people to read (and paste): plain words left as they
 * are, the rest quoted with shellQuote.
 */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((arg) => (PLAIN_WORD.test(arg) ? arg : shellQuote(arg))).join(' ');
}

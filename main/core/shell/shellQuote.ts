/**
 * The one shell quoter: every command line Loopwatch shows the user to copy
 * (attach, capture, tail, a run's command) and the one shell string it must
 * produce (a Claude Code hook's `command`, run through `sh -c`). Loopwatch
 * itself never runs a shell string: everything it runs gets an argv.
 *
 * Correct for POSIX sh (dash), bash and zsh, interactive or not: inside
 * single quotes none of them treats anything specially (`$`, backquotes,
 * `\`, `"`, `!` history expansion, globs, newlines); a single quote ends
 * the quoted part, is escaped, and a new part begins (`it's` →
 * `'it'\''s'`). Words left bare are only those made of characters no shell
 * expands anywhere in a word, plus `=` inside a later word (`--model=o3`):
 * zsh expands a word starting with `=NAME` to the path of command NAME, and
 * a first word `A=B` is an assignment, so those are quoted; so is anything
 * with `~` (home directory), `!` (history), `#`, or non-ASCII. fish, if it is the user's $SHELL, gets its
 * own single quotes (where `\\` and `\'` are special). Property-tested by
 * running the quoted command in each installed shell
 * (test/unit/main/core/shell/shellQuote.test.ts).
 */

/** Characters that no POSIX shell, bash, zsh or fish treats specially anywhere in a word. */
const BARE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;
/** Also bare in an argument after the first: `=` anywhere but the start (`--model=o3`). */
const BARE_ARGUMENT = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

function isFish(shell: string): boolean {
  return /(^|\/)fish$/.test(shell);
}

function refuseNul(word: string): void {
  // NUL cannot be passed in an argv at all, so no command line can carry it.
  if (word.includes('\0')) throw new Error('an argument cannot contain a NUL character');
}

/**
 * One argument always inside single quotes: for a command string a shell
 * will run (the hook command), where even a plain word is quoted.
 */
export function shellQuote(word: string): string {
  refuseNul(word);
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * One word as a person would type it: left bare when nothing in it is
 * special to any shell, else quoted for `shell` (the user's $SHELL; POSIX
 * quoting unless it is fish). `argument` says it is not the command's first
 * word, where `A=B` would be an assignment.
 */
export function shellWord(word: string, shell = '', argument = false): string {
  refuseNul(word);
  if ((argument ? BARE_ARGUMENT : BARE_WORD).test(word)) return word;
  if (isFish(shell)) return `'${word.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  return shellQuote(word);
}

/** A command line to show and copy: each argument through shellWord, spaces between. */
export function shellCommand(argv: readonly string[], shell = ''): string {
  return argv.map((word, i) => shellWord(word, shell, i > 0)).join(' ');
}

/**
 * Quoting for tmux's own command parser (control mode reads command lines,
 * not argv). This is not a shell: we quote every argument in double quotes
 * and escape what tmux's parser treats specially inside them: backslash,
 * double quote, `$` (starts an environment variable), a newline (would end
 * the command), and a `~` at the start of the argument, which tmux expands
 * to a home directory even inside double quotes (`"~/x"` is `/root/x`;
 * tested in test/integration/security/tmuxEscape.test.ts). `;`, `#` and `'`
 * are literal inside double quotes. Quoting is only the parser's half: an
 * argument tmux then expands as a format also needs formatLiteral().
 */
export function quoteTmuxArg(arg: string): string {
  let out = arg.startsWith('~') ? '"\\~' : '"';
  for (const ch of arg.startsWith('~') ? arg.slice(1) : arg) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '$':
        out += '\\$';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      default:
        out += ch;
    }
  }
  return out + '"';
}

/**
 * A user string (a directory, a name, a command) given to a tmux argument
 * that tmux expands as a format, so that it stays the literal text: `#` is
 * written `##`. tmux 3.2+ expands `new-session`/`new-window` `-c`, `-n` and
 * `-s`, `display-message`'s message, `pipe-pane`'s and `run-shell`'s
 * command, and format options; a directory named `x#(touch pwned)` given to
 * `-c` as it is runs `touch pwned`. Where tmux also expands strftime `%`
 * sequences first (`display-message`, status formats), pass `strftime` and
 * `%` is written `%%` too. Not for arguments tmux does not expand (targets,
 * `send-keys -l`, the command of `new-session`), where `##` would stay two
 * characters. A leading `~` needs no care here: format expansion leaves it;
 * only tmux's command parser (control mode) expands it, which quoteTmuxArg()
 * handles. Property-tested against a real tmux in
 * test/integration/security/tmuxEscape.test.ts.
 */
export function formatLiteral(text: string, options: { strftime?: boolean } = {}): string {
  const hashes = text.replace(/#/g, '##');
  return options.strftime ? hashes.replace(/%/g, '%%') : hashes;
}

/** One control-mode command line from an argument array (no trailing newline). */
export function tmuxCommandLine(args: readonly string[]): string {
  if (args.length === 0) throw new Error('a tmux command needs at least its name');
  const [name, ...rest] = args as [string, ...string[]];
  if (!/^[a-z-]+$/.test(name)) throw new Error(`not a tmux command name: ${JSON.stringify(name)}`);
  return [name, ...rest.map(quoteTmuxArg)].join(' ');
}

/**
 * A session name tmux cannot be given as a target: it reads `=$3` as the
 * session with id `$3` (tmux 3.3, cmd-find.c), so a session named `$3`
 * would aim a command at another session, and one named `$x` at none.
 */
export class UntargetableSessionError extends Error {
  constructor(readonly sessionName: string) {
    super(
      `tmux cannot target the session ${JSON.stringify(sessionName)} by name (a name starting ` +
        `with $ is read as a session id, which may be another session): nothing was done; ` +
        `rename it (tmux rename-session) to act on it by name`,
    );
    this.name = 'UntargetableSessionError';
  }
}

/** tmux can be given this session name as a target (see UntargetableSessionError). */
export function targetableByName(name: string): boolean {
  return !name.startsWith('$');
}

function checkTargetable(name: string): void {
  if (!targetableByName(name)) throw new UntargetableSessionError(name);
}

/** `-t` target for session commands: `=NAME` matches exactly, never a prefix. */
export function exactSession(name: string): string {
  checkTargetable(name);
  return `=${name}`;
}

/** `-t` target for pane/window commands: `=NAME:` (the colon makes tmux parse a session). */
export function exactSessionPane(name: string, pane = ''): string {
  checkTargetable(name);
  return `=${name}:${pane}`;
}

/**
 * One argument of a tmux command line given as argv (`execFile('tmux', [...])`)
 * that chains commands with a separate `;` argument: tmux reads any argument
 * that ends in `;` as the end of a command, and an argument ending in `\;`
 * as a literal ending in `;`. So the final `;` of such an argument is
 * written `\;`; every other argument passes as it is.
 */
export function argvLiteral(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

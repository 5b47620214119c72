/**
 * Quoting for tmux's own command parser (control mode reads command lines,
 * not argv). This is not a shell: we quote every argument in double quotes
 * and escape the four characters tmux's parser treats specially inside them
 * (backslash, double quote, `$` which starts an environment variable, and a
 * newline which would end the command). `~`, `;`, `#` and `'` are literal
 * inside double quotes.
 */
export function quoteTmuxArg(arg: string): string {
  let out = '"';
  for (const ch of arg) {
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

/** One control-mode command line from an argument array (no trailing newline). */
export function tmuxCommandLine(args: readonly string[]): string {
  if (args.length === 0) throw new Error('a tmux command needs at least its name');
  const [name, ...rest] = args as [string, ...string[]];
  if (!/^[a-z-]+$/.test(name)) throw new Error(`not a tmux command name: ${JSON.stringify(name)}`);
  return [name, ...rest.map(quoteTmuxArg)].join(' ');
}

/** `-t` target for session commands: `=NAME` matches exactly, never a prefix. */
export function exactSession(name: string): string {
  return `=${name}`;
}

/** `-t` target for pane/window commands: `=NAME:` (the colon makes tmux parse a session). */
export function exactSessionPane(name: string, pane = ''): string {
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

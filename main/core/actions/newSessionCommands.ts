/**
 * The tmux commands that start a session for `loopwatch start`, here or on a
 * host: one chain, so `remain-on-exit` is set before tmux can see the command
 * exit (see execTmuxChain), and the exit status is kept for the status.
 */
import { exactSessionPane, formatLiteral } from '../tmux/quote';

export function newSessionCommands(
  name: string,
  cwd: string,
  command: readonly string[],
): string[][] {
  return [
    // tmux expands -s and -c as formats: a directory named `x#(touch pwned)` would run it.
    ['new-session', '-d', '-s', formatLiteral(name), '-c', formatLiteral(cwd), '--', ...command],
    ['set-option', '-w', '-t', exactSessionPane(name), 'remain-on-exit', 'on'],
  ];
}

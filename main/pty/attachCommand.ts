/**
 * The `tmux attach` a terminal runs (an argument array, never a shell
 * string), its environment, and the same command as a line the user can
 * paste into their own shell.
 */
import type { TerminalMode } from '../../preload/contract';
import { exactSession } from '../core/tmux/quote';

/** tmux 3.2+ client flags for watching: never type into the pane, never resize the agent's window. */
export const WATCH_CLIENT_FLAGS = 'read-only,ignore-size';

export interface AttachTarget {
  socket: string;
  /** The tmux session name, matched exactly (`=NAME`). */
  name: string;
}

/** Arguments after the tmux binary. */
export function attachArgs(target: AttachTarget, mode: TerminalMode): string[] {
  return [
    // -u: our view is always UTF-8, whatever locale this process runs in.
    '-u',
    // -N: never start a server on a socket that has none (attach would start one that exits at once).
    '-N',
    '-S',
    target.socket,
    'attach-session',
    ...(mode === 'watch' ? ['-f', WATCH_CLIENT_FLAGS] : []),
    '-t',
    exactSession(target.name),
  ];
}

/** The attach client's environment: tmux refuses to nest inside $TMUX, and xterm.js is an xterm. */
export function attachEnv(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key === 'TMUX' || key === 'TMUX_PANE') continue;
    out[key] = value;
  }
  out.TERM = 'xterm-256color';
  // xterm.js draws 24-bit colour; tmux only sends it when told so.
  out.COLORTERM = 'truecolor';
  return out;
}

/** Characters no POSIX shell (nor fish) treats specially anywhere in a word. */
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * Quote one word for the user's shell. A word starting with `=` is quoted
 * too: zsh would expand `=NAME` to the path of a command called NAME.
 */
export function shellQuote(word: string, shell = ''): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  if (/(^|\/)fish$/.test(shell)) {
    // fish: inside single quotes only \\ and \' are special.
    return `'${word.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  }
  // POSIX shells, zsh: nothing is special inside single quotes; a quote ends, is escaped, restarts.
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `tmux -S SOCKET attach -t =NAME`, quoted for `shell` (the user's $SHELL). */
export function attachCommandLine(target: AttachTarget, shell = ''): string {
  return ['tmux', '-S', target.socket, 'attach', '-t', exactSession(target.name)]
    .map((word) => shellQuote(word, shell))
    .join(' ');
}

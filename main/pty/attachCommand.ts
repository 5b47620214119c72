/**
 * The `tmux attach` a terminal runs (an argument array, never a shell
 * string), its environment, and the same command as a line the user can
 * paste into their own shell.
 */
import type { TerminalMode } from '../../preload/contract';
import { shellCommand } from '../core/shell/shellQuote';
import { argvLiteral, exactSession } from '../core/tmux/quote';

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
    // A name ending in `;` would otherwise end the command (and attach to another session).
    argvLiteral(exactSession(target.name)),
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

/** `tmux -S SOCKET attach -t =NAME`, quoted for `shell` (the user's $SHELL). */
export function attachCommandLine(target: AttachTarget, shell = ''): string {
  return shellCommand(
    ['tmux', '-S', target.socket, 'attach', '-t', exactSession(target.name)],
    shell,
  );
}

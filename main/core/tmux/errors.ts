/** tmux is not installed or not on PATH. */
export class TmuxMissingError extends Error {
  constructor() {
    super(
      'tmux is not installed (or not on PATH): install it, e.g. `sudo apt-get install tmux` or `brew install tmux`',
    );
    this.name = 'TmuxMissingError';
  }
}

/** A tmux command ran and failed; `message` is tmux's own text. */
export class TmuxCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    message: string,
  ) {
    super(message.trim() || `tmux ${args[0] ?? ''} failed`);
    this.name = 'TmuxCommandError';
  }
}

/** A tmux command that got no answer in time: the server is stopped or wedged (never an empty success). */
export class TmuxTimeoutError extends TmuxCommandError {
  constructor(socket: string | null, args: readonly string[], ms: number) {
    super(
      args,
      `tmux server${socket ? ` on ${socket}` : ''} did not answer within ${ms} ms (stopped or wedged)`,
    );
    this.name = 'TmuxTimeoutError';
  }
}

/** Turn tmux's connection failures into one short human line. */
export function describeServerError(socket: string, raw: string): string {
  const text = raw.trim().split('\n')[0] ?? '';
  if (/no server running|No such file or directory|Connection refused/i.test(text)) {
    return `no tmux server is listening on ${socket}`;
  }
  if (/server exited unexpectedly|protocol version mismatch|not a socket/i.test(text)) {
    return `${socket} is not a usable tmux server (${text})`;
  }
  if (/Permission denied/i.test(text)) return `permission denied on ${socket}`;
  return text || `tmux server on ${socket} did not answer`;
}

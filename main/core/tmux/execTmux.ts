import { execFile } from 'node:child_process';
import type { Env } from '../paths';
import { TmuxCommandError, TmuxMissingError, TmuxTimeoutError } from './errors';

/** Longest we wait for a one-shot tmux command (a wedged server must not hang the CLI). */
const EXEC_TIMEOUT_MS = 5_000;
/** Output ceiling for one command; list-panes of thousands of panes stays far below. */
const EXEC_MAX_BUFFER = 64 * 1024 * 1024;

/** The tmux binary; tests point it elsewhere to check "tmux missing". */
export function tmuxBinary(): string {
  return process.env.LOOPWATCH_TMUX_BIN || 'tmux';
}

export interface ExecTmuxOptions {
  /**
   * Environment of the tmux client. It matters when the command starts a
   * server (the server, and so every session on it, inherits it).
   */
  env?: Env;
}

/**
 * Run `tmux -S socket ARGS...` as a child process with an argument array
 * (never a shell string). Resolves stdout; rejects with TmuxMissingError or
 * TmuxCommandError carrying tmux's message.
 */
export function execTmux(
  socket: string | null,
  args: readonly string[],
  options: ExecTmuxOptions = {},
): Promise<string> {
  const argv = socket ? ['-S', socket, ...args] : [...args];
  return new Promise((resolve, reject) => {
    let timedOut = false;
    // Our own deadline, not execFile's `timeout`: that one sends SIGTERM, on
    // which a tmux client waiting for a stopped server exits 0 with no output,
    // which would read as "up, no sessions". A timeout is an error, always.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      // The client handed its stdout/stderr to the server, which holds them
      // open while stopped: 'close' may never come. Settle now, drop the pipes.
      child.stdout?.destroy();
      child.stderr?.destroy();
      reject(new TmuxTimeoutError(socket, args, EXEC_TIMEOUT_MS));
    }, EXEC_TIMEOUT_MS);
    const child = execFile(
      tmuxBinary(),
      argv,
      {
        maxBuffer: EXEC_MAX_BUFFER,
        encoding: 'utf8',
        ...(options.env ? { env: options.env } : {}),
      },
      (error, stdout, stderr) => {
        clearTimeout(timer);
        if (timedOut) return;
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return reject(new TmuxMissingError());
        reject(new TmuxCommandError(args, stderr || error.message));
      },
    );
  });
}

/** True when a tmux binary can be run at all. */
export async function tmuxAvailable(): Promise<boolean> {
  try {
    await execTmux(null, ['-V']);
    return true;
  } catch (error) {
    if (error instanceof TmuxMissingError) return false;
    return true;
  }
}

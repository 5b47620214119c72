import { execFile } from 'node:child_process';
import type { Env } from '../paths';
import { TmuxCommandError, TmuxMissingError, TmuxTimeoutError } from './errors';
import { argvLiteral } from './quote';

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
  /** Abandon the command (its client is killed): a reader that no longer waits for the answer. */
  signal?: AbortSignal;
}

/**
 * Run `tmux -S socket ARGS...` as a child process with an argument array
 * (never a shell string). Every argument reaches tmux as the text given:
 * one ending in `;` (a session named `evil;`) is escaped so tmux does not
 * read it as the end of the command. Resolves stdout; rejects with
 * TmuxMissingError or TmuxCommandError carrying tmux's message.
 */
export function execTmux(
  socket: string | null,
  args: readonly string[],
  options: ExecTmuxOptions = {},
): Promise<string> {
  return execTmuxChain(socket, [args], options);
}

/**
 * Several tmux commands in one client (`CMD1 ; CMD2`), run in one command
 * queue; each command's arguments are passed literally as in execTmux.
 */
export function execTmuxChain(
  socket: string | null,
  commands: readonly (readonly string[])[],
  options: ExecTmuxOptions = {},
): Promise<string> {
  const args = chainArgs(commands);
  return withTmuxSlot(() => runTmux(socket, args, options));
}

/** The argv of `CMD1 ; CMD2 ...` for one tmux client, each argument literal (also sent to hosts over ssh). */
export function chainArgs(commands: readonly (readonly string[])[]): string[] {
  return commands.flatMap((command, i) => [...(i > 0 ? [';'] : []), ...command.map(argvLiteral)]);
}

/**
 * tmux processes running at once, at most: a registry naming 1,000 dead
 * sockets must not fork 2,000 processes at once. Commands wait their turn;
 * each one's deadline starts when its process does.
 */
export const MAX_TMUX_PROCESSES = 16;
let running = 0;
let peak = 0;
const waiting: (() => void)[] = [];

async function withTmuxSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_TMUX_PROCESSES) await new Promise<void>((go) => waiting.push(go));
  running += 1;
  peak = Math.max(peak, running);
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** One-shot tmux processes running now, and the most seen at once since the last reset (for tests and the bench). */
export function tmuxProcessStats(reset = false): { running: number; peak: number } {
  const stats = { running, peak };
  if (reset) peak = running;
  return stats;
}

function runTmux(
  socket: string | null,
  args: readonly string[],
  options: ExecTmuxOptions,
): Promise<string> {
  const argv = socket ? ['-S', socket, ...args] : [...args];
  return new Promise((resolve, reject) => {
    let timedOut = false;
    // Our own deadline, not execFile's `timeout`: that one sends SIGTERM, on
    // which a tmux client waiting for a stopped server exits 0 with no output,
    // which would read as "up, no sessions". A timeout is an error, always.
    const giveUp = (error: Error): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      timedOut = true;
      child.kill('SIGKILL');
      // The client handed its stdout/stderr to the server, which holds them
      // open while stopped: 'close' may never come. Settle now, drop the pipes.
      child.stdout?.destroy();
      child.stderr?.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => giveUp(new TmuxTimeoutError(socket, args, EXEC_TIMEOUT_MS)),
      EXEC_TIMEOUT_MS,
    );
    const onAbort = (): void => giveUp(new Error(`tmux command on ${socket} abandoned`));
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
        options.signal?.removeEventListener('abort', onAbort);
        if (timedOut) return;
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return reject(new TmuxMissingError());
        reject(new TmuxCommandError(args, stderr || error.message));
      },
    );
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
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

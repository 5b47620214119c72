import { execFile } from 'node:child_process';
import type { Env } from '../paths';
import { TmuxCommandError, TmuxMissingError } from './errors';
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
  const args = commands.flatMap((command, i) => [
    ...(i > 0 ? [';'] : []),
    ...command.map(argvLiteral),
  ]);
  const argv = socket ? ['-S', socket, ...args] : [...args];
  return new Promise((resolve, reject) => {
    execFile(
      tmuxBinary(),
      argv,
      {
        timeout: EXEC_TIMEOUT_MS,
        maxBuffer: EXEC_MAX_BUFFER,
        encoding: 'utf8',
        ...(options.env ? { env: options.env } : {}),
      },
      (error, stdout, stderr) => {
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

/**
 * Commands on one remote host over its shared ssh connection: short
 * programs (`tmux -S SOCK ...`, discovery, bounded reads) run as
 * `ssh [options] DEST -- 'prog' 'arg'...`; the first one opens the master
 * connection, the rest reuse it. An ssh failure becomes a
 * HostConnectionError (unreachable, auth failed, host key), a failing
 * remote program keeps its own message.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Env } from '../paths';
import { ControlClient, controlClientArgs } from '../tmux/controlClient';
import { TmuxCommandError } from '../tmux/errors';
import type { TmuxRunner } from '../tmux/runner';
import type { HostSpec } from './hostSpec';
import { overSsh, type SshRoute } from './sshRoute';
import { classifySshFailure, HostConnectionError, SSH_FAILED } from './sshErrors';
import {
  CONNECT_TIMEOUT_S,
  controlPath,
  ensureControlDir,
  sshBinary,
  sshOptions,
  type SshMode,
} from './sshOptions';

/** A remote command's answer within this long, on top of the connect time. */
const COMMAND_TIMEOUT_MS = 10_000;
/**
 * What a new shared connection may take before the command's own bound
 * starts: ssh's ConnectTimeout (TCP connect and key exchange) and auth. A
 * handshake is about nine round trips (3.5 s at 200 ms each way, 6 s at
 * 350), so it cannot share a short answer bound: a look bounded at 4 s
 * killed it mid-handshake, closed the half-made connection, and every retry
 * started over (the host never came up on a slow link, or under load).
 */
const CONNECT_ALLOWANCE_MS = CONNECT_TIMEOUT_S * 1000;
/** Output ceiling for one command (list-panes of many panes stays far below). */
const MAX_BUFFER = 64 * 1024 * 1024;
/** The reason given when a command got no answer within its time (ssh was stopped). */
export const NO_ANSWER = 'no answer (timed out)';
/** How a remote command is run beyond its answer bound. */
export interface RemoteRunOptions {
  /** Extra time to open the shared connection when none is open (0: none). */
  connectMs?: number;
  /** The program's whole stdin (a file's new text, which no command line could hold). */
  input?: string;
}
/** The shell's "command not found" status. */
const NOT_FOUND = 127;

/** A remote program ran and failed; `message` is its stderr. */
export class RemoteCommandError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteCommandError';
  }
}

export class HostConnection {
  constructor(
    readonly host: HostSpec,
    private readonly mode: SshMode,
    private readonly env: Env = process.env,
  ) {}

  /** How a program reaches this host over its shared connection (see sshRoute.ts). */
  route(): SshRoute {
    ensureControlDir(this.host, this.env);
    return {
      host: this.host.name,
      ssh: sshBinary(this.env),
      options: sshOptions(this.host, this.mode, this.env),
      destination: this.host.destination,
    };
  }

  /** The client program and argv that run `argv` on the host. */
  command(argv: readonly string[]): { file: string; args: string[] } {
    return overSsh(this.route(), argv);
  }

  /**
   * Is the shared connection open? Its master creates the control socket
   * once it has logged in (a stale socket left by a killed master is
   * removed by the next ssh, which then connects anew).
   */
  isOpen(): boolean {
    return existsSync(controlPath(this.host, this.env));
  }

  /**
   * Run `argv` on the host; resolves its stdout. `answerMs` bounds the
   * command on the open connection (a stalled link must not stall us); when
   * none is open, connecting first may take `connectMs` more (0: the bound
   * is for everything, connecting included). `input`, when given, is the
   * program's whole stdin.
   */
  runRemote(
    argv: readonly string[],
    answerMs = COMMAND_TIMEOUT_MS,
    { connectMs = CONNECT_ALLOWANCE_MS, input }: RemoteRunOptions = {},
  ): Promise<string> {
    const timeoutMs = answerMs + (this.isOpen() ? 0 : connectMs);
    const { file, args } = this.command(argv);
    return new Promise((resolve, reject) => {
      const child = execFile(
        file,
        args,
        {
          timeout: timeoutMs,
          maxBuffer: MAX_BUFFER,
          encoding: 'utf8',
          // ssh itself reads no secrets from here; the agent socket passes through.
          env: { ...process.env, ...this.env },
        },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          const code = (error as { code?: unknown }).code;
          if (code === 'ENOENT')
            return reject(
              new Error('ssh is not installed (the OpenSSH client is needed for hosts)'),
            );
          if ((error as { killed?: boolean }).killed)
            return reject(new HostConnectionError(this.host.name, 'unreachable', NO_ANSWER));
          if (code === SSH_FAILED) return reject(classifySshFailure(this.host.name, stderr));
          const status = typeof code === 'number' ? code : null;
          reject(new RemoteCommandError(status, stderr.trim() || error.message));
        },
      );
      // The remote program's stdin (a file's new text, which no command line could hold).
      // A program that exits without reading it closes the pipe: its own outcome says why.
      if (input !== undefined) child.stdin?.on('error', () => undefined).end(input);
    });
  }

  /** tmux commands on one of the host's servers. */
  tmuxRunner(socket: string): TmuxRunner {
    return {
      run: async (args) => {
        try {
          // -u: the host's ssh session often has no UTF-8 locale, and tmux then
          // prints control characters (our U+001F field separator) as "_".
          return await this.runRemote(['tmux', '-u', '-S', socket, ...args]);
        } catch (error) {
          if (error instanceof RemoteCommandError) {
            if (error.status === NOT_FOUND)
              throw new HostConnectionError(
                this.host.name,
                'unreachable',
                'tmux is not installed on the host',
              );
            throw new TmuxCommandError(args, error.message);
          }
          throw error;
        }
      },
    };
  }

  /** A tmux control-mode client of one of the host's servers, over the shared connection. */
  controlClient(socket: string, target: string | null = null): ControlClient {
    const command = this.command(['tmux', '-u', ...controlClientArgs(socket, target)]);
    return new ControlClient(socket, target, command);
  }

  /** Close the shared connection (nothing to do when none is open). */
  async close(): Promise<void> {
    const args = [
      ...sshOptions(this.host, this.mode, this.env),
      '-O',
      'exit',
      this.host.destination,
    ];
    await new Promise<void>((resolve) => {
      execFile(sshBinary(this.env), args, { timeout: 5_000 }, () => resolve());
    });
  }
}

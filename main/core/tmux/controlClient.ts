/**
 * One long-lived tmux control-mode client (`tmux -S SOCK -C attach`).
 *
 * Commands are written as lines to its stdin and answered in order inside
 * `%begin ... %end|%error` blocks; everything else on stdout is an
 * asynchronous notification (`%sessions-changed`, `%exit`, ...). Sending a
 * query over this pipe costs no process spawn.
 *
 * The client attaches with `read-only,ignore-size,no-output`: it cannot type
 * into panes, never resizes the user's windows, and receives no pane output.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describeServerError, TmuxCommandError, TmuxMissingError } from './errors';
import { tmuxBinary } from './execTmux';
import { tmuxCommandLine } from './quote';
import type { TmuxRunner } from './runner';

/** Client flags: never type, never resize, never stream output to us. */
export const CONTROL_CLIENT_FLAGS = 'read-only,ignore-size,no-output';
/** A command with no answer after this long means the server is wedged. */
const COMMAND_TIMEOUT_MS = 5_000;
/** How often the one watchdog of a client looks at its oldest unanswered command. */
const WATCHDOG_MS = 1_000;
/** Command lines kept quoted (the polls repeat the same few lines many times a second). */
const QUOTED_CACHE_SIZE = 256;

/** tmux's arguments for a control client of `socket` (local or run on a host). */
export function controlClientArgs(socket: string, target: string | null = null): string[] {
  // -N: never start a server where none runs (attach would start one that exits at once).
  return [
    '-N',
    '-S',
    socket,
    '-C',
    'attach-session',
    '-f',
    CONTROL_CLIENT_FLAGS,
    ...(target === null ? [] : ['-t', target]),
  ];
}

const quotedLines = new Map<string, string>();

function commandLine(args: readonly string[]): string {
  const key = args.join('\u0000');
  let line = quotedLines.get(key);
  if (line === undefined) {
    line = tmuxCommandLine(args);
    if (quotedLines.size >= QUOTED_CACHE_SIZE) quotedLines.clear();
    quotedLines.set(key, line);
  }
  return line;
}
/** Grace period for tmux to exit after we close its stdin. */
const DISPOSE_KILL_AFTER_MS = 1_000;

interface Pending {
  args: readonly string[];
  resolve: (output: string) => void;
  reject: (error: Error) => void;
  sentAt: number;
}

export interface ControlClientEvents {
  /** A `%name args` notification line outside command blocks. */
  notification: [name: string, args: string];
  /** The client is gone; `reason` is tmux's `%exit` reason or the process error. */
  closed: [reason: string];
}

export class ControlClient extends EventEmitter<ControlClientEvents> implements TmuxRunner {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  /** The command answer being read; `stamp` is its %begin's "TIME NUMBER". */
  private block: { lines: string[]; ours: boolean; stamp: string } | null = null;
  private closedReason: string | null = null;
  private readonly stderr: string[] = [];
  private readonly watchdog: NodeJS.Timeout;
  /** Resolves once attached (the first `%session-changed`). */
  readonly ready: Promise<void>;
  /** Name of the session this client is attached to. */
  attachedSession: string | null = null;
  /** Id (`$N`) of the session this client is attached to. */
  attachedSessionId: string | null = null;

  /**
   * `target`: a session id to attach to (see controlTarget.ts: on tmux 3.3 to
   * 3.4 it must be a session whose active pane is alive); none lets tmux pick.
   * `command`: the program that runs the client, when it is not the local
   * tmux (a remote host's `ssh ... DEST -- tmux ...`, see HostConnection).
   */
  constructor(
    readonly socket: string,
    target: string | null = null,
    command?: { file: string; args: string[] },
  ) {
    super();
    const { file, args } = command ?? {
      file: tmuxBinary(),
      args: controlClientArgs(socket, target),
    };
    this.child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const startedAt = Date.now();
    this.watchdog = setInterval(() => {
      // A server that accepts the connection and never answers (stopped with
      // SIGSTOP, or any listener in the socket dir) must not keep us waiting.
      if (this.readyResolve !== null && Date.now() - startedAt > COMMAND_TIMEOUT_MS) {
        this.close(
          `tmux server on ${this.socket} did not answer within ${COMMAND_TIMEOUT_MS} ms (stopped or wedged)`,
        );
        return;
      }
      const oldest = this.pending[0];
      if (oldest && Date.now() - oldest.sentAt > COMMAND_TIMEOUT_MS) {
        this.close(`tmux server on ${this.socket} did not answer within ${COMMAND_TIMEOUT_MS} ms`);
      }
    }, WATCHDOG_MS);
    this.watchdog.unref();
    this.child.stdin.on('error', () => {
      /* EPIPE after tmux exited: reported through 'close' below. */
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => this.stderr.push(chunk));
    this.ready = new Promise((resolve, reject) => {
      const onReady = (): void => {
        this.off('closed', onClosed);
        resolve();
      };
      const onClosed = (reason: string): void => reject(new Error(reason));
      this.once('closed', onClosed);
      this.readyResolve = onReady;
    });
    // Nobody may await `ready` (e.g. disposed early): keep that from being unhandled.
    this.ready.catch(() => {});
    // Lines by hand: readline's machinery costs more than the lines themselves at poll rates.
    let rest = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    });
    this.child.on('error', (error: NodeJS.ErrnoException) => {
      this.close(error.code === 'ENOENT' ? new TmuxMissingError().message : error.message);
    });
    this.child.on('close', () => {
      const detail = this.stderr.join('').trim();
      if (detail) this.close(describeServerError(socket, detail));
      else this.close(`tmux control client exited${this.exitReason ? `: ${this.exitReason}` : ''}`);
    });
  }

  private readyResolve: (() => void) | null = null;
  private exitReason: string | null = null;

  get closed(): boolean {
    return this.closedReason !== null;
  }

  /** Run one tmux command over the control connection. */
  run(args: readonly string[]): Promise<string> {
    if (this.closedReason !== null) {
      return Promise.reject(new TmuxCommandError(args, this.closedReason));
    }
    let line: string;
    try {
      line = commandLine(args);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ args, resolve, reject, sentAt: Date.now() });
      this.child.stdin.write(`${line}\n`);
    });
  }

  private onLine(line: string): void {
    if (this.block) {
      // Only the %end/%error with its %begin's time and number closes a block: a
      // directory or command name printed in it may hold a newline and "%end ...".
      const end = /^%(?:end|error) (\d+ \d+) \d+$/.exec(line);
      if (end && end[1] === this.block.stamp) {
        const { lines, ours } = this.block;
        this.block = null;
        if (ours) this.settle(line.startsWith('%end'), lines);
        return;
      }
      this.block.lines.push(line);
      return;
    }
    const begin = /^%begin (\d+ \d+) (\d+)$/.exec(line);
    if (begin) {
      // Flag bit 1 marks a command this client sent; 0 is attach's own answer.
      this.block = { lines: [], ours: (Number(begin[2]) & 1) === 1, stamp: begin[1] ?? '' };
      return;
    }
    if (!line.startsWith('%')) return;
    const space = line.indexOf(' ');
    const name = space === -1 ? line.slice(1) : line.slice(1, space);
    const args = space === -1 ? '' : line.slice(space + 1);
    if (name === 'session-changed') {
      const id = /^\$\d+/.exec(args);
      this.attachedSessionId = id ? id[0] : null;
      this.attachedSession = args.replace(/^\$\d+ /, '');
      this.readyResolve?.();
      this.readyResolve = null;
    }
    if (name === 'exit') {
      // tmux writes why on stderr after this line; 'close' reports both.
      this.exitReason = args || 'exited';
      return;
    }
    this.emit('notification', name, args);
  }

  private settle(ok: boolean, lines: readonly string[]): void {
    const next = this.pending.shift();
    if (!next) return;
    // Same text a child process would print: each line newline-terminated.
    const output = lines.map((l) => `${l}\n`).join('');
    if (ok) next.resolve(output);
    else next.reject(new TmuxCommandError(next.args, output));
  }

  private close(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    clearInterval(this.watchdog);
    for (const p of this.pending.splice(0)) p.reject(new TmuxCommandError(p.args, reason));
    if (this.child.exitCode === null && this.child.signalCode === null) this.dispose();
    this.emit('closed', reason);
  }

  /**
   * Detach and end the tmux client process. Safe to call twice. Only ever by
   * closing stdin, then SIGKILL: on tmux 3.3 to 3.4 `detach-client` or SIGTERM
   * would move focus off a pane that may have died meanwhile (a server crash,
   * see focusCrash.ts); these two change no focus.
   */
  dispose(): void {
    if (this.closedReason === null) this.close('disposed');
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.end();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), DISPOSE_KILL_AFTER_MS);
    killer.unref();
    this.child.once('exit', () => clearTimeout(killer));
  }
}

/**
 * A one-shot look at one tmux server for `loopwatch list` and `status`:
 * the same queries as the live monitor, run as short tmux processes (no
 * control client attaches, nothing is left running), and the screens of
 * all its panes read in a few batched processes.
 */
import { describeServerError, TmuxMissingError, TmuxTimeoutError } from './errors';
import { execTmux, execTmuxChain } from './execTmux';
import { argvLiteral } from './quote';
import type { TmuxSessionFacts } from './formats';
import { querySessions } from './queryServer';
import type { TmuxRunner } from './runner';
import type { ServerState } from './serverMonitor';
import { stoppedServerMessage } from './stoppedServerMessage';

/** Panes read per tmux process (one argv holds them all; tmux runs them in order). */
const CAPTURE_BATCH = 50;
/** Printed between two captures of a batch; U+001F never appears in captured text. */
const BOUNDARY = '\u001floopwatch-capture\u001f';

export class OneShotServer {
  state: ServerState = 'connecting';
  error: string | null = null;
  checkedAt = Date.now();
  readonly sessions = new Map<string, TmuxSessionFacts>();
  readonly runner: TmuxRunner;
  /** Several commands in one tmux process (`a ; b`), through the same way to the server. */
  private readonly chain: (commands: readonly (readonly string[])[]) => Promise<string>;

  /** `runner`: how to reach the server; default a local tmux process (a remote host passes ssh's). */
  /** Ends the tmux processes still waiting on this server (see `abandon`). */
  private readonly abandoned = new AbortController();

  constructor(
    readonly socket: string,
    runner?: TmuxRunner,
  ) {
    const signal = this.abandoned.signal;
    this.runner = runner ?? { run: (args) => execTmux(socket, args, { signal }) };
    this.chain = runner
      ? (commands) =>
          runner.run(
            commands.flatMap((command, i) => [
              ...(i > 0 ? [';'] : []),
              ...command.map(argvLiteral),
            ]),
          )
      : (commands) => execTmuxChain(socket, commands, { signal });
  }

  /**
   * Its tmux server is stopped (SIGSTOP): say so now rather than at the
   * query's deadline, and end the tmux processes waiting on it (a one-shot
   * `list` must not stay alive for them).
   */
  markStopped(pid: number, since = Date.now()): void {
    this.state = 'error';
    this.error = stoppedServerMessage(pid, since);
    this.checkedAt = Date.now();
    this.sessions.clear();
    this.abandon();
  }

  /** Stop waiting on this server: its pending tmux processes are killed. */
  abandon(): void {
    this.abandoned.abort();
  }

  /** Query once; a TmuxMissingError propagates (nothing else can work). */
  async query(): Promise<void> {
    try {
      const sessions = await querySessions(this.runner, true);
      if (this.abandoned.signal.aborted) return;
      for (const facts of sessions) this.sessions.set(facts.name, facts);
      this.state = 'up';
      this.error = null;
    } catch (error) {
      if (error instanceof TmuxMissingError) throw error;
      // Already said why (markStopped), or nobody waits any more.
      if (this.abandoned.signal.aborted) return;
      const described = describeServerError(this.socket, (error as Error).message);
      const message =
        error instanceof TmuxTimeoutError
          ? `unresponsive since ${new Date().toISOString()}: ${described}`
          : described;
      this.state = /no tmux server is listening/.test(message) ? 'down' : 'error';
      this.error = message;
    }
    this.checkedAt = Date.now();
  }

  /** Read `fromLine` to the bottom of each pane; a pane that cannot be read is left out. */
  async captureAll(
    requests: readonly { paneId: string; fromLine: number }[],
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < requests.length; i += CAPTURE_BATCH) {
      const batch = requests.slice(i, i + CAPTURE_BATCH);
      const commands = batch.flatMap(({ paneId, fromLine }) => [
        ['capture-pane', '-p', '-J', '-t', paneId, '-S', String(fromLine)],
        ['display-message', '-p', BOUNDARY],
      ]);
      let texts: string[] | null = null;
      try {
        const output = await this.chain(commands);
        texts = output.split(`${BOUNDARY}\n`);
      } catch {
        // One pane vanished and tmux stopped the batch: read this batch one by one.
      }
      for (const [index, { paneId, fromLine }] of batch.entries()) {
        const text =
          texts?.[index] ??
          (await this.runner
            .run(['capture-pane', '-p', '-J', '-t', paneId, '-S', String(fromLine)])
            .catch(() => null));
        if (text !== null) out.set(paneId, text);
      }
    }
    return out;
  }
}

/**
 * One live terminal: a `tmux attach` client under a pty, its output batched
 * and flow-controlled towards one view, the view's keys and size going back.
 *
 * Watch mode attaches with `-f read-only,ignore-size`, drops every input
 * message here as well, and keeps the client exactly as big as the agent's
 * window (see windowSize.ts: that is what keeps tmux from resizing it).
 * Interactive mode sends keys and follows the view's size. Switching mode
 * re-attaches with the other flags. Closing detaches (the tmux client is
 * killed, never the session). When the attach ends by itself, the view is
 * told why before the channel closes.
 */
import type {
  TerminalClientMessage,
  TerminalEnd,
  TerminalMode,
  TerminalServerMessage,
} from '../../preload/contract';
import { attachArgs, attachEnv, type AttachTarget } from './attachCommand';
import { watchActivePane, type AttachGuard } from './deadPaneGuard';
import { describeAttachEnd, END_TAIL_BYTES } from './endReason';
import { findExecutable } from './findExecutable';
import { FlowController } from './flowController';
import { OutputBatcher } from './outputBatcher';
import type { TerminalPort } from './port';
import type { Disposable, PtyProcess, PtySpawner } from './ptyProcess';
import { ViewChannel } from './viewChannel';
import type { SshRoute } from '../core/hosts/sshRoute';
import type { TerminalSize, WindowSizeProbe } from './windowSize';

/**
 * Watch mode re-reads the agent's window size this often: another client
 * may resize it, and a watcher left at the old size would pull the window
 * back to it when that client leaves. A second of lag is harmless.
 */
export const WATCH_SIZE_POLL_MS = 1_000;

export interface TerminalSpec extends AttachTarget {
  mode: TerminalMode;
  /** A remote host's session: every tmux command runs there over ssh (see remoteTmux.ts). */
  route?: SshRoute | undefined;
  /** The view's size (interactive mode uses it; watch mode remembers it for a switch). */
  cols: number;
  rows: number;
}

export interface TerminalDeps {
  spawn: PtySpawner;
  tmuxBinary: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  windowSize: WindowSizeProbe;
  watchSizePollMs?: number;
  /** Checked before every attach (tmux 3.3-3.4 crash on a dead active pane); none: attach at once. */
  attachGuard?: AttachGuard;
}

/** A tmux client process we started, until it has exited. */
interface Client {
  pty: PtyProcess;
  size: TerminalSize;
  listeners: Disposable[];
  exited: Promise<void>;
}

export class AttachedTerminal {
  private client: Client | null = null;
  private readonly clients = new Set<Client>();
  private readonly channel = new ViewChannel({
    onMessage: (message) => this.onMessage(message),
    onClose: () => this.close(),
  });
  private tail: Buffer = Buffer.alloc(0);
  private mode: TerminalMode;
  private viewSize: TerminalSize;
  /** Bumped by every attach, so an attach overtaken by a mode switch or a close gives up. */
  private generation = 0;
  private sizeTimer: NodeJS.Timeout | null = null;
  private stopDeadWatch: (() => void) | null = null;
  private readonly batcher: OutputBatcher;
  private readonly flow: FlowController;
  private finished = false;

  constructor(
    readonly id: string,
    readonly spec: TerminalSpec,
    private readonly deps: TerminalDeps,
    private readonly onFinished: (terminal: AttachedTerminal) => void,
  ) {
    this.mode = spec.mode;
    this.viewSize = { cols: spec.cols, rows: spec.rows };
    this.batcher = new OutputBatcher({ emit: (bytes) => this.sendOutput(bytes) });
    this.flow = new FlowController({
      pause: () => this.client?.pty.pause(),
      resume: () => this.client?.pty.resume(),
    });
  }

  get currentMode(): TerminalMode {
    return this.mode;
  }

  /** Has a view ever taken this terminal's channel? */
  get claimed(): boolean {
    return this.channel.claimed;
  }

  /** The attach is over (ended by itself, or closed). */
  get isFinished(): boolean {
    return this.finished;
  }

  /** Flow-control state, for tests and diagnostics. */
  get flowState(): { paused: boolean; unacknowledged: number } {
    return { paused: this.flow.paused, unacknowledged: this.flow.unacknowledged };
  }

  /** Attach now; output waits (and counts against flow control) until the view connects. */
  start(): void {
    void this.attach();
  }

  /**
   * Give the terminal its view's channel. False if it already had one. A
   * terminal whose attach already ended still takes it, to say why.
   */
  connect(port: TerminalPort): boolean {
    return this.channel.connect(port);
  }

  private async attach(): Promise<void> {
    const generation = ++this.generation;
    const binary = findExecutable(this.deps.tmuxBinary, this.deps.env.PATH);
    if (!binary) {
      this.end({
        kind: 'tmuxMissing',
        message: `tmux is not installed (or not on PATH): no "${this.deps.tmuxBinary}" to run`,
        exitCode: null,
        signal: null,
      });
      return;
    }
    if (this.deps.attachGuard) {
      const refused = await this.deps.attachGuard(this.spec);
      if (generation !== this.generation || this.finished) return;
      if (refused) {
        this.end(refused);
        return;
      }
    }
    const mode = this.mode;
    let size = this.viewSize;
    if (mode === 'watch') {
      // Null when the session is already gone: attach anyway, tmux says why.
      size = (await this.deps.windowSize(this.spec)) ?? size;
      if (generation !== this.generation || this.finished) return;
    }
    let pty: PtyProcess;
    try {
      pty = this.deps.spawn(binary, attachArgs(this.spec, mode), {
        ...size,
        cwd: this.deps.cwd,
        env: attachEnv(this.deps.env),
      });
    } catch (error) {
      this.end({
        kind: 'failed',
        message: `could not start tmux: ${(error as Error).message}`,
        exitCode: null,
        signal: null,
      });
      return;
    }
    let onExited!: () => void;
    const client: Client = {
      pty,
      size,
      listeners: [],
      exited: new Promise<void>((resolve) => (onExited = resolve)),
    };
    client.listeners.push(
      pty.onData((data) => {
        if (this.client === client) this.onOutput(data);
      }),
      pty.onExit(({ exitCode, signal }) => {
        for (const listener of client.listeners) listener.dispose();
        this.clients.delete(client);
        onExited();
        if (this.client === client) this.onClientExit(exitCode, signal ?? null);
      }),
    );
    this.clients.add(client);
    this.client = client;
    this.tail = Buffer.alloc(0);
    if (this.flow.paused) pty.pause();
    this.sendControl({ t: 'attached', mode });
    if (mode === 'watch') {
      this.sendControl({ t: 'size', ...size });
      this.followWindowSize(client, generation);
    }
    if (this.deps.attachGuard) {
      this.stopDeadWatch = watchActivePane(this.deps.attachGuard, this.spec, (end) => {
        if (this.client !== client) return;
        // Let go before anyone kills the session or switches its window (see deadPaneGuard.ts).
        this.client = null;
        this.kill(client);
        this.stopFollowing();
        this.batcher.flush(true);
        this.end(end);
      });
    }
  }

  /** Watch mode: keep the client as big as the agent's window, whoever resizes it. */
  private followWindowSize(client: Client, generation: number): void {
    this.sizeTimer = setTimeout(() => {
      this.sizeTimer = null;
      void this.deps.windowSize(this.spec).then((size) => {
        if (generation !== this.generation || this.client !== client) return;
        if (size && (size.cols !== client.size.cols || size.rows !== client.size.rows)) {
          client.size = size;
          client.pty.resize(size.cols, size.rows);
          this.sendControl({ t: 'size', ...size });
        }
        this.followWindowSize(client, generation);
      });
    }, this.deps.watchSizePollMs ?? WATCH_SIZE_POLL_MS);
  }

  private stopFollowing(): void {
    if (this.sizeTimer) clearTimeout(this.sizeTimer);
    this.sizeTimer = null;
    this.stopDeadWatch?.();
    this.stopDeadWatch = null;
  }

  private onOutput(data: Buffer): void {
    // Keep the output's last bytes for the end notice; copy only when a read is shorter than that.
    this.tail =
      data.length >= END_TAIL_BYTES
        ? data.subarray(data.length - END_TAIL_BYTES)
        : Buffer.concat([this.tail.subarray(-(END_TAIL_BYTES - data.length)), data]);
    this.batcher.push(data);
  }

  private onClientExit(exitCode: number, signal: number | null): void {
    this.client = null;
    this.stopFollowing();
    this.batcher.flush(true);
    this.end(describeAttachEnd(this.tail.toString('utf8'), exitCode, signal || null));
  }

  private end(end: TerminalEnd): void {
    this.sendControl({ t: 'ended', end });
    this.finish();
  }

  private sendOutput(bytes: Buffer): void {
    this.flow.sent(bytes.length);
    this.channel.sendOutput(bytes);
  }

  private sendControl(message: TerminalServerMessage): void {
    this.channel.sendControl(message);
  }

  private onMessage(message: TerminalClientMessage): void {
    switch (message.t) {
      case 'input':
        // Watch mode: the client is read-only too, but nothing is even sent.
        if (this.mode === 'interactive') this.client?.pty.write(message.data);
        return;
      case 'resize':
        this.viewSize = { cols: message.cols, rows: message.rows };
        // Watch mode keeps the window's size whatever the view's is.
        if (this.mode === 'interactive' && this.client) {
          this.client.size = this.viewSize;
          this.client.pty.resize(message.cols, message.rows);
        }
        return;
      case 'ack':
        this.flow.acked(message.bytes);
        return;
      case 'mode':
        this.switchMode(message.mode);
        return;
      case 'select':
        // One tmux client draws every pane: its own active pane is tmux's business.
        return;
    }
  }

  /** Re-attach with the other mode's flags; output of the old client stops here. */
  private switchMode(mode: TerminalMode): void {
    if (mode === this.mode || this.finished) return;
    this.mode = mode;
    this.stopFollowing();
    this.batcher.flush(true);
    const old = this.client;
    this.client = null;
    if (old) this.kill(old);
    void this.attach();
  }

  /**
   * SIGKILL, never SIGHUP: on tmux 3.3-3.4 a client leaving by SIGHUP (or
   * detach-client) moves focus off its pane, and if that pane died while
   * attached (an agent crashing under the user's eyes) the server crashes.
   * A client killed outright leaves without a focus change.
   */
  private kill(client: Client): void {
    client.pty.kill('SIGKILL');
  }

  /** The attach is over (ended or closed): release everything, tell the host once. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.generation++;
    this.stopFollowing();
    this.batcher.dispose();
    this.channel.close();
    this.onFinished(this);
  }

  /** Detach: kill our tmux client (never the session) and close the channel. */
  close(): void {
    const client = this.client;
    this.client = null;
    if (client) this.kill(client);
    this.finish();
  }

  /** Resolves once every tmux client this terminal started has exited. */
  async exited(): Promise<void> {
    await Promise.all([...this.clients].map((client) => client.exited));
  }
}

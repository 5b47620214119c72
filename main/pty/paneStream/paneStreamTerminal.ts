/**
 * One live terminal read through a tmux control-mode client (tmux 3.2+)
 * instead of an attached tty client: tmux sends each pane's own output
 * (`%output`), the view draws each pane in its own xterm, laid out as tmux
 * lays out the window.
 *
 * Why not `tmux attach`: tmux "blocks" an attached client that falls about
 * 10 ms behind (its output is thrown away, the screen redrawn on a 100 ms
 * timer), and on a busy machine the reader is late that often: a keystroke's
 * echo then waits 100 ms or more behind a flood in any pane of the window.
 * Here every pane is a stream of its own, flow-controlled on its own: a
 * flooding pane is paused (`refresh-client -A %N:pause`) and redrawn from
 * `capture-pane` (at most every PANE_FLOW.minPauseMs), while a pane being
 * typed into stays live.
 *
 * Keys go to a pane with `send-keys -H` (bytes, exactly as xterm encoded
 * them), so tmux's own key bindings (the prefix key) do not apply here; the
 * view's toolbar detaches (LOOPWATCH_TERMINAL_CLIENT=attach gives a plain
 * tmux client, bindings and all). Watch mode attaches `read-only,ignore-size`
 * and sends nothing to tmux but queries.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  paneFrame,
  type TerminalClientMessage,
  type TerminalEnd,
  type TerminalMode,
  type TerminalServerMessage,
} from '../../../preload/contract';
import { SSH_FAILED } from '../../core/hosts/sshErrors';
import { overSsh } from '../../core/hosts/sshRoute';
import { exactSession, exactSessionPane, targetableByName } from '../../core/tmux/quote';
import { attachEnv, WATCH_CLIENT_FLAGS } from '../attachCommand';
import { kindOfError } from '../endReason';
import { findExecutable } from '../findExecutable';
import { FlowController } from '../flowController';
import { OutputBatcher } from '../outputBatcher';
import type { TerminalPort } from '../port';
import type { TerminalSpec } from '../terminal';
import { hostLost } from '../remoteTmux';
import { ViewChannel } from '../viewChannel';
import type { TerminalSize } from '../windowSize';
import { ControlLineReader, unescapeOutput } from './controlLines';
import { ControlProtocol, sendKeysCommands, type CommandResult } from './controlProtocol';
import { whyDetached } from './detachReason';
import { watchActivePane, type AttachGuard } from '../deadPaneGuard';
import { parseLayout, type PaneRect } from './layout';
import { PANE_STATE_FORMAT, paneSnapshot, parsePaneState } from './paneState';

/**
 * Flow control per pane. A pane that outruns its view is paused in tmux
 * (which keeps reading it: the agent is never slowed) and later redrawn from
 * tmux's copy of its screen, so the view parses screens, not the whole flood.
 */
export const PANE_FLOW = {
  /** Small: a flooding pane is cut off after a few screens, long before it delays other panes. */
  highWatermarkBytes: 16_000,
  /** Not below TERMINAL_FLOW.ackStepBytes, or the view's acks could never bring a pane under it. */
  lowWatermarkBytes: 8_000,
  /**
   * A paused pane is redrawn at most this often: twenty screens a second of
   * a flood is more than anyone reads, and the CPU goes to the pane being
   * typed into. Measured on 2 cores (`npm run bench -- terminal`): echo p95
   * 40-45 ms at 50 ms; 74-88 ms when a paused pane resumed as soon as the
   * view caught up.
   */
  minPauseMs: 50,
} as const;

/** Lines of a pane's history a view gets when it first shows the pane (the rest stays in tmux). */
export const SNAPSHOT_HISTORY_LINES = 2_000;
/** A client asked to detach that has not exited after this long is killed. */
const KILL_GRACE_MS = 2_000;

export interface PaneStreamDeps {
  tmuxBinary: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** PANE_FLOW.minPauseMs unless given (tests stretch it to act inside the pause). */
  minPauseMs?: number;
  /** Checked before every attach (tmux 3.3-3.4 crash on a dead active pane); none: attach at once. */
  attachGuard?: AttachGuard;
}

/** One pane of the window on show. */
interface PaneView {
  rect: PaneRect;
  batcher: OutputBatcher;
  flow: FlowController;
  /** Output is being replaced by a snapshot: drop it until the snapshot's capture answers. */
  syncing: boolean;
  /** Set while a paused pane waits out PANE_FLOW.minPauseMs before its redraw. */
  resumeTimer: NodeJS.Timeout | null;
}

interface Client {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<void>;
  killTimer: NodeJS.Timeout | null;
}

export class PaneStreamTerminal {
  private client: Client | null = null;
  private readonly clients = new Set<Client>();
  private readonly channel = new ViewChannel({
    onMessage: (message) => this.onMessage(message),
    onClose: () => this.close(),
  });
  private mode: TerminalMode;
  private viewSize: TerminalSize;
  private generation = 0;
  private finished = false;
  private stopDeadWatch: (() => void) | null = null;
  /** The current client's commands and answers (a new one per client). */
  private protocol: ControlProtocol | null = null;
  private sessionId: string | null = null;
  private windowId: string | null = null;
  private activePane: number | null = null;
  private readonly panes = new Map<number, PaneView>();
  /** The window's size in cells, from its last layout. */
  private layoutSize: TerminalSize | null = null;
  /** Panes of other windows whose output tmux was told to stop sending. */
  private readonly silenced = new Set<number>();
  /** Panes the view has already been shown (a re-attach redraws them in place, no history again). */
  private readonly shown = new Set<number>();

  constructor(
    readonly id: string,
    readonly spec: TerminalSpec,
    private readonly deps: PaneStreamDeps,
    private readonly onFinished: (terminal: PaneStreamTerminal) => void,
  ) {
    this.mode = spec.mode;
    this.viewSize = { cols: spec.cols, rows: spec.rows };
  }

  get currentMode(): TerminalMode {
    return this.mode;
  }

  get claimed(): boolean {
    return this.channel.claimed;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Flow-control state summed over the panes, for tests and diagnostics. */
  get flowState(): { paused: boolean; unacknowledged: number } {
    let paused = false;
    let unacknowledged = 0;
    for (const pane of this.panes.values()) {
      paused ||= pane.flow.paused;
      unacknowledged += pane.flow.unacknowledged;
    }
    return { paused, unacknowledged };
  }

  start(): void {
    this.attach();
  }

  connect(port: TerminalPort): boolean {
    return this.channel.connect(port);
  }

  // --- The control client ---------------------------------------------------

  private attach(): void {
    const generation = ++this.generation;
    const guard = this.deps.attachGuard;
    if (!guard) {
      this.spawnClient(generation);
      return;
    }
    void guard(this.spec).then((refused) => {
      if (generation !== this.generation || this.finished) return;
      if (refused) this.end(refused);
      else this.spawnClient(generation);
    });
  }

  private spawnClient(generation: number): void {
    let child: ChildProcessWithoutNullStreams;
    try {
      const tmuxArgs = [
        '-u',
        '-N',
        '-S',
        this.spec.socket,
        '-C',
        'attach-session',
        ...(this.mode === 'watch' ? ['-f', WATCH_CLIENT_FLAGS] : []),
        '-t',
        // Throws for a name tmux would read as a session id: said below, never attached elsewhere.
        exactSession(this.spec.name),
      ];
      // Local tmux, or ssh running tmux on the session's host (null: the view was told why).
      const program = this.clientProgram(tmuxArgs);
      if (!program) return;
      const { file: binary, args } = program;
      child = spawn(binary, args, {
        cwd: this.deps.cwd,
        env: attachEnv(this.deps.env),
        stdio: ['pipe', 'pipe', 'pipe'],
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
      child,
      exited: new Promise<void>((resolve) => (onExited = resolve)),
      killTimer: null,
    };
    this.clients.add(client);
    this.client = client;
    this.resetClientState();
    const protocol = new ControlProtocol({
      write: (line) => client.child.stdin.write(line),
      output: (pane, escaped) => this.onPaneOutput(pane, escaped),
      notification: (name, args) => this.onNotification(name, args),
    });
    this.protocol = protocol;
    const reader = new ControlLineReader((line) => {
      if (this.client === client) protocol.line(line);
    });
    const stderr: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => stderr.push(chunk));
    child.stdin.on('error', () => {
      /* EPIPE once tmux has gone: its exit is handled below. */
    });
    child.on('error', () => {
      /* Reported by 'close' (spawn failures included). */
    });
    if (this.deps.attachGuard) {
      this.stopWatchingPane();
      const guard = this.spec.route
        ? this.askingOverClient(this.deps.attachGuard)
        : this.deps.attachGuard;
      this.stopDeadWatch = watchActivePane(guard, this.spec, (end) => {
        if (this.client !== client) return;
        // Let go before anyone kills the session or switches its window (see deadPaneGuard.ts).
        this.client = null;
        this.kill(client);
        this.end(end);
      });
    }
    child.on('close', (code) => {
      if (client.killTimer) clearTimeout(client.killTimer);
      this.clients.delete(client);
      onExited();
      if (this.client !== client || generation !== this.generation) return;
      this.client = null;
      this.stopWatchingPane();
      void this.onClientExit(code, stderr.join('').trim());
    });
  }

  /**
   * The client's program: local tmux, or (a remote host's session) ssh
   * running tmux on the host over its shared connection. Null (the view
   * told why) when that program is not installed.
   */
  private clientProgram(tmuxArgs: string[]): { file: string; args: string[] } | null {
    const route = this.spec.route;
    const wanted = route ? route.ssh : this.deps.tmuxBinary;
    const binary = findExecutable(wanted, this.deps.env.PATH);
    if (!binary) {
      this.end({
        kind: route ? 'failed' : 'tmuxMissing',
        message: route
          ? `ssh is not installed (or not on PATH): no "${wanted}" to reach host ${route.host}`
          : `tmux is not installed (or not on PATH): no "${wanted}" to run`,
        exitCode: null,
        signal: null,
      });
      return null;
    }
    if (!route) return { file: binary, args: tmuxArgs };
    return { ...overSsh(route, ['tmux', ...tmuxArgs]), file: binary };
  }

  /**
   * A remote terminal's watch on its active pane asks over its own control
   * client first: one command on the open connection, where the guard
   * itself would start an ssh process every DEAD_PANE_CHECK_MS. Only a dead
   * pane (or no answer) goes to the guard over ssh, for the version and
   * the kept screen.
   */
  private askingOverClient(guard: AttachGuard): AttachGuard {
    return async (target) => {
      const dead = await new Promise<boolean | null>((resolve) => {
        if (!this.client || !targetableByName(target.name)) return resolve(null);
        this.run(
          [['display-message', '-p', '-t', exactSessionPane(target.name), '#{pane_dead}']],
          ([result]) => resolve(result?.ok ? result.lines[0] === '1' : null),
        );
      });
      return dead === false ? null : guard(target);
    };
  }

  private dropPanes(): void {
    for (const pane of this.panes.values()) disposePane(pane);
    this.panes.clear();
  }

  private resetClientState(): void {
    this.protocol = null;
    this.sessionId = null;
    this.windowId = null;
    this.activePane = null;
    this.dropPanes();
    this.silenced.clear();
  }

  /** Run commands on the current client (see ControlProtocol.run). */
  private run(
    commands: readonly (readonly string[])[],
    done?: (results: CommandResult[]) => void,
  ): void {
    if (this.client) this.protocol?.run(commands, done);
  }

  private onNotification(name: string, args: string[]): void {
    switch (name) {
      case '%session-changed':
        if (this.sessionId === null) {
          this.sessionId = args[0] ?? null;
          this.onAttached();
        }
        return;
      case '%session-window-changed':
        if (args[0] === this.sessionId) this.loadWindow();
        return;
      case '%layout-change':
        // Arguments: window, layout, visible layout (a zoomed pane fills it), flags.
        if (args[0] === this.windowId && args[2]) this.applyLayout(args[2]);
        return;
      case '%window-pane-changed':
        if (args[0] === this.windowId) {
          this.activePane = paneNumber(args[1]);
          this.sendLayout();
        }
        return;
    }
  }

  private onAttached(): void {
    this.sendControl({ t: 'attached', mode: this.mode });
    if (this.mode === 'interactive') this.sendSize();
    this.loadWindow();
  }

  private sendSize(): void {
    this.run([['refresh-client', '-C', `${this.viewSize.cols}x${this.viewSize.rows}`]]);
  }

  /** The session's current window: its layout and active pane. */
  private loadWindow(): void {
    const generation = this.generation;
    const target = this.sessionId ?? exactSession(this.spec.name);
    const format = '#{window_id} #{window_visible_layout} #{pane_id}';
    this.run([['display-message', '-p', '-t', target, format]], ([result]) => {
      if (generation !== this.generation || !result?.ok) return;
      const [windowId, layout, pane] = (result.lines[0] ?? '').split(' ');
      if (!windowId || !layout) return;
      this.windowId = windowId;
      this.activePane = paneNumber(pane);
      this.applyLayout(layout);
    });
  }

  private applyLayout(text: string): void {
    let layout;
    try {
      layout = parseLayout(text);
    } catch (error) {
      this.sendControl({ t: 'error', message: (error as Error).message });
      return;
    }
    // Output already gathered belongs to the old geometry: deliver it first.
    for (const pane of this.panes.values()) pane.batcher.flush(true);
    const next = new Set(layout.panes.map((rect) => rect.id));
    for (const [id, pane] of this.panes) {
      if (next.has(id)) continue;
      disposePane(pane);
      this.panes.delete(id);
    }
    const toSync: number[] = [];
    for (const rect of layout.panes) {
      const pane = this.panes.get(rect.id);
      if (!pane) {
        this.panes.set(rect.id, this.newPane(rect));
        toSync.push(rect.id);
      } else if (pane.rect.cols !== rect.cols || pane.rect.rows !== rect.rows) {
        // tmux and xterm rewrap differently: redraw a resized pane from tmux's copy.
        pane.rect = rect;
        toSync.push(rect.id);
      } else {
        pane.rect = rect;
      }
    }
    this.layoutSize = { cols: layout.cols, rows: layout.rows };
    this.sendLayout();
    for (const id of toSync) this.syncPane(id, false);
  }

  private sendLayout(): void {
    if (!this.layoutSize) return;
    const panes = [...this.panes.values()].map((pane) => pane.rect);
    const active = panes.some((pane) => pane.id === this.activePane)
      ? this.activePane!
      : (panes[0]?.id ?? 0);
    this.sendControl({ t: 'layout', ...this.layoutSize, active, panes });
  }

  private newPane(rect: PaneRect): PaneView {
    const id = rect.id;
    let pausedAt = 0;
    const pane: PaneView = {
      rect,
      syncing: true,
      resumeTimer: null,
      batcher: new OutputBatcher({
        emit: (bytes) => {
          pane.flow.sent(bytes.length);
          this.sendOutput(paneFrame(id, bytes));
        },
      }),
      flow: new FlowController({
        highWatermark: PANE_FLOW.highWatermarkBytes,
        lowWatermark: PANE_FLOW.lowWatermarkBytes,
        pause: () => {
          pausedAt = Date.now();
          this.run([['refresh-client', '-A', `%${id}:pause`]]);
          // The snapshot that ends the pause replaces all of it: don't parse or send it.
          pane.syncing = true;
          pane.batcher.dispose();
        },
        resume: () => {
          if (pane.resumeTimer) clearTimeout(pane.resumeTimer);
          pane.resumeTimer = setTimeout(
            () => {
              pane.resumeTimer = null;
              this.syncPane(id, true);
            },
            Math.max(0, pausedAt + (this.deps.minPauseMs ?? PANE_FLOW.minPauseMs) - Date.now()),
          );
        },
      }),
    };
    return pane;
  }

  /**
   * Replace what the view shows of a pane with tmux's copy of it. Output
   * that arrives before the capture's answer was produced before the
   * capture ran (tmux answers in order), so it is dropped, not shown twice.
   */
  private syncPane(id: number, resume: boolean): void {
    const pane = this.panes.get(id);
    if (!pane) return;
    const generation = this.generation;
    const first = !this.shown.has(id);
    pane.syncing = true;
    // Not disposePane: a paused pane's pending resume must still continue it in tmux.
    pane.batcher.dispose();
    const commands: string[][] = [];
    if (resume) commands.push(['refresh-client', '-A', `%${id}:continue`]);
    if (this.silenced.delete(id)) commands.push(['refresh-client', '-A', `%${id}:on`]);
    commands.push(['display-message', '-p', '-t', `%${id}`, PANE_STATE_FORMAT]);
    commands.push([
      'capture-pane',
      '-p',
      '-e',
      '-t',
      `%${id}`,
      ...(first ? ['-S', `-${SNAPSHOT_HISTORY_LINES}`] : []),
    ]);
    this.run(commands, (results) => {
      const [state, capture] = results.slice(-2);
      if (generation !== this.generation || this.panes.get(id) !== pane) return;
      pane.syncing = false;
      const parsed = state?.ok ? parsePaneState(state.lines[0] ?? '') : null;
      if (!parsed || !capture?.ok) return;
      this.shown.add(id);
      pane.batcher.push(Buffer.from(paneSnapshot(parsed, capture.lines, first), 'utf8'));
    });
  }

  private onPaneOutput(id: number, escaped: Buffer): void {
    const pane = this.panes.get(id);
    if (!pane) {
      // A pane of another window: tmux streams the whole session; say once that we don't need it.
      if (this.windowId !== null && !this.silenced.has(id)) {
        this.silenced.add(id);
        this.run([['refresh-client', '-A', `%${id}:off`]]);
      }
      return;
    }
    if (pane.syncing) return;
    pane.batcher.push(unescapeOutput(escaped));
  }

  private async onClientExit(code: number | null, stderr: string): Promise<void> {
    for (const pane of this.panes.values()) pane.batcher.flush(true);
    const attached = this.sessionId !== null;
    const active = this.activePane;
    const said = this.protocol?.tmuxError ?? stderr;
    this.resetClientState();
    // ssh's own failure (never tmux's status): the link dropped or the host refused us.
    if (this.spec.route && code === SSH_FAILED) {
      this.end(hostLost(this.spec.route, stderr, code));
      return;
    }
    if (!attached) {
      const kind = said ? kindOfError(said) : 'failed';
      this.end({
        kind,
        message: said ? `tmux: ${said}` : `tmux attach ended (exit status ${code ?? 'unknown'})`,
        exitCode: code,
        signal: null,
      });
      return;
    }
    const end = await whyDetached(
      {
        tmuxBinary: this.deps.tmuxBinary,
        env: this.deps.env,
        target: this.spec,
        route: this.spec.route,
      },
      code,
    );
    if (this.finished) return;
    // tmux's parting line, as an attached client would have shown it.
    if (active !== null)
      this.sendOutput(paneFrame(active, Buffer.from(`\x1b[0m\r\n${end.parting}\r\n`)));
    this.end(end.end);
  }

  // --- The view's messages --------------------------------------------------

  private onMessage(message: TerminalClientMessage): void {
    switch (message.t) {
      case 'input':
        if (this.mode === 'interactive') this.sendKeys(this.targetPane(message.pane), message.data);
        return;
      case 'resize':
        this.viewSize = { cols: message.cols, rows: message.rows };
        if (this.mode === 'interactive' && this.sessionId !== null) this.sendSize();
        return;
      case 'ack': {
        const pane = this.panes.get(message.pane ?? this.activePane ?? -1);
        pane?.flow.acked(message.bytes);
        return;
      }
      case 'select':
        // Watch mode never moves the agent's active pane.
        if (this.mode === 'interactive' && this.panes.has(message.pane)) {
          this.run([['select-pane', '-t', `%${message.pane}`]]);
        }
        return;
      case 'mode':
        this.switchMode(message.mode);
        return;
    }
  }

  private targetPane(requested: number | undefined): number | null {
    if (requested !== undefined && this.panes.has(requested)) return requested;
    return this.activePane;
  }

  private sendKeys(pane: number | null, data: string): void {
    if (pane !== null) this.run(sendKeysCommands(pane, data));
  }

  private switchMode(mode: TerminalMode): void {
    if (mode === this.mode || this.finished) return;
    this.mode = mode;
    const old = this.client;
    this.client = null;
    if (old) this.kill(old);
    this.attach();
  }

  // --- Channel and lifetime -------------------------------------------------

  private sendOutput(frame: Uint8Array): void {
    this.channel.sendOutput(frame);
  }

  private sendControl(message: TerminalServerMessage): void {
    this.channel.sendControl(message);
  }

  private end(end: TerminalEnd): void {
    this.sendControl({ t: 'ended', end });
    this.finish();
  }

  private kill(client: Client): void {
    // End of input detaches a control client; a stuck one is killed.
    client.child.stdin.end();
    client.killTimer = setTimeout(() => client.child.kill('SIGKILL'), KILL_GRACE_MS);
  }

  private stopWatchingPane(): void {
    this.stopDeadWatch?.();
    this.stopDeadWatch = null;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopWatchingPane();
    this.generation++;
    this.dropPanes();
    this.channel.close();
    this.onFinished(this);
  }

  close(): void {
    const client = this.client;
    this.client = null;
    if (client) this.kill(client);
    this.finish();
  }

  async exited(): Promise<void> {
    await Promise.all([...this.clients].map((client) => client.exited));
  }
}

/** Drop a pane's gathered output and its pending redraw (the pane view itself stays usable). */
function disposePane(pane: PaneView): void {
  pane.batcher.dispose();
  if (pane.resumeTimer) clearTimeout(pane.resumeTimer);
  pane.resumeTimer = null;
}

function paneNumber(text: string | undefined): number | null {
  const match = /^%(\d+)$/.exec(text ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * One terminal view's engine, without React: xterm.js and its addons, the
 * channel to the pty host, flow-control acks, sizing and keys. The React
 * view (TerminalView.tsx) renders the toolbar around it and shows its state.
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal, type IDisposable } from '@xterm/xterm';
import {
  readPaneFrame,
  TERMINAL_MAX_COLS,
  TERMINAL_MAX_ROWS,
  type TerminalMode,
  type TerminalServerMessage,
} from '../../../preload/contract';
import type { TerminalChannel, TerminalSink, Transport } from '../api/transport';
import { AckBatcher } from './ackBatcher';
import { keepInNormalBuffer } from './altScreen';
import { cleanErrorMessage } from './endMessage';
import { splitInput } from './input';
import { PaneGrid } from './paneGrid';
import { attachProbe } from './probe';
import type { TerminalSize, TerminalTimings, TerminalViewState } from './terminalState';
import { hardwareWebgl } from './webglSupport';

/** Lines kept above the screen; also the memory bound for a flood or a huge line. */
export const SCROLLBACK_LINES = 10_000;
/** CAN: aborts an escape sequence the previous tmux client may have left half-sent. */
const CANCEL_SEQUENCE = '\x18';

export interface XtermSessionOptions {
  transport: Pick<Transport, 'openTerminal'>;
  sessionId: string;
  mode: TerminalMode;
  /** performance.now() when the user asked for this terminal. */
  requestedAt: number;
  onChange: (state: TerminalViewState) => void;
  /** Ctrl/Cmd+F in the terminal. */
  onSearchRequest: () => void;
  /** Open a clicked link (default: a new tab; Electron's window handler sends it to the browser). */
  openLink?: (uri: string) => void;
}

function openInBrowser(uri: string): void {
  if (/^https?:\/\//i.test(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
}

const THEME = {
  background: '#16181b',
  foreground: '#e6e6e6',
  cursor: '#e6e6e6',
  selectionBackground: '#3b4f6b',
};

export class XtermSession {
  /** The one terminal of a `tmux attach` stream (hidden while the window is drawn pane by pane). */
  readonly terminal: Terminal;
  private readonly wholeSearch = new SearchAddon();
  /** Pane by pane (tmux 3.2+): one terminal per pane, from the first layout message on. */
  private grid: PaneGrid | null = null;
  private container: HTMLElement | null = null;
  readonly timings: TerminalTimings;
  private readonly fit = new FitAddon();
  private channel: TerminalChannel | null = null;
  private acker: AckBatcher;
  /** Acks counted before the channel was handed over (sent as soon as it is). */
  private ackBacklog = 0;
  private state: TerminalViewState;
  private readonly disposables: IDisposable[] = [];
  private resizeObserver: ResizeObserver | null = null;
  private fitFrame = 0;
  /** Bumped by every (re)connect, so a superseded channel's messages are ignored. */
  private attempt = 0;
  private attachedOnce = false;
  private lastViewSize: TerminalSize | null = null;
  private disposed = false;

  constructor(private readonly options: XtermSessionOptions) {
    this.terminal = new Terminal({
      scrollback: SCROLLBACK_LINES,
      // The unicode11 addon uses a proposed API.
      allowProposedApi: true,
      // tmux clears the screen when it detaches: push that last screen into scrollback instead.
      scrollOnEraseInDisplay: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      cursorBlink: false,
      macOptionIsMeta: true,
      theme: THEME,
    });
    this.timings = {
      requestedAt: options.requestedAt,
      firstOutputAt: null,
      firstPaintAt: null,
      outputBytes: 0,
    };
    this.acker = this.newAcker();
    this.state = {
      phase: 'connecting',
      mode: options.mode,
      switching: false,
      info: null,
      end: null,
      error: null,
      renderer: 'dom',
      windowSize: null,
    };
  }

  /** The terminal the user looks at: the active pane's when drawn pane by pane. */
  get viewTerminal(): Terminal {
    return this.grid?.activeTerminal ?? this.terminal;
  }

  /** Every terminal on show (one per pane, or the one). */
  get viewTerminals(): Terminal[] {
    return this.grid?.terminals ?? [this.terminal];
  }

  get search(): SearchAddon {
    return this.grid?.activeSearch ?? this.wholeSearch;
  }

  get current(): TerminalViewState {
    return this.state;
  }

  private setState(patch: Partial<TerminalViewState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onChange(this.state);
  }

  private newAcker(): AckBatcher {
    return new AckBatcher((bytes) => {
      if (this.channel) this.channel.send({ t: 'ack', bytes });
      else this.ackBacklog += bytes;
    });
  }

  /** Show the terminal in `container` and attach. */
  mount(container: HTMLElement): void {
    const { terminal } = this;
    this.container = container;
    terminal.loadAddon(this.fit);
    terminal.loadAddon(this.wholeSearch);
    terminal.loadAddon(new Unicode11Addon());
    terminal.unicode.activeVersion = '11';
    terminal.loadAddon(
      new WebLinksAddon((_event, uri) => (this.options.openLink ?? openInBrowser)(uri)),
    );
    terminal.open(container);
    this.loadWebgl();
    this.disposables.push(
      ...keepInNormalBuffer(terminal),
      terminal.onData((data) => this.onInput(data)),
      terminal.onRender(() => this.onRendered()),
    );
    terminal.attachCustomKeyEventHandler((event) => this.onKey(event));
    this.resizeObserver = new ResizeObserver(() => this.scheduleFit());
    this.resizeObserver.observe(container);
    attachProbe(container, this);
    this.fitToView();
    void this.connect();
  }

  /**
   * WebGL when the browser has it in hardware; the DOM renderer when WebGL
   * is emulated on the CPU (slower than the DOM here), fails, or loses its context.
   */
  private loadWebgl(terminal: Terminal = this.terminal): void {
    if (!hardwareWebgl()) {
      this.setState({ renderer: 'dom' });
      return;
    }
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        webgl.dispose();
        this.setState({ renderer: 'dom' });
      });
      terminal.loadAddon(webgl);
      this.setState({ renderer: 'webgl' });
    } catch {
      this.setState({ renderer: 'dom' });
    }
  }

  /** The first layout: from now on each pane has its own terminal, the whole-window one is hidden. */
  private paneGrid(): PaneGrid | null {
    if (this.grid || !this.container) return this.grid;
    const screen = this.terminal.element?.querySelector('.xterm-screen')?.getBoundingClientRect();
    const cell = {
      width: screen && this.terminal.cols ? screen.width / this.terminal.cols : 8,
      height: screen && this.terminal.rows ? screen.height / this.terminal.rows : 17,
    };
    if (this.terminal.element) this.terminal.element.hidden = true;
    this.grid = new PaneGrid(this.container, cell, {
      terminalOptions: this.terminal.options,
      openLink: (uri) => (this.options.openLink ?? openInBrowser)(uri),
      onInput: (pane, data) => this.onInput(data, pane),
      onFocus: (pane) => {
        if (this.state.mode === 'interactive') this.channel?.send({ t: 'select', pane });
      },
      onAck: (pane, bytes) => this.channel?.send({ t: 'ack', bytes, pane }),
      onRender: () => this.onRendered(),
      keyHandler: (event) => this.onKey(event),
      decorate: (terminal) => this.loadWebgl(terminal),
    });
    return this.grid;
  }

  private onRendered(): void {
    if (this.timings.firstOutputAt !== null && this.timings.firstPaintAt === null) {
      this.timings.firstPaintAt = performance.now();
    }
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    const size = this.viewSize() ?? { cols: this.terminal.cols, rows: this.terminal.rows };
    this.lastViewSize = size;
    const current = (): boolean => attempt === this.attempt && !this.disposed;
    const sink: TerminalSink = {
      output: (bytes) => {
        if (current()) this.onOutput(bytes);
      },
      control: (message) => {
        if (current()) this.onControl(message);
      },
      closed: (reason) => {
        if (current()) this.onClosed(reason);
      },
    };
    this.setState({ phase: 'connecting', end: null, error: null, switching: false });
    try {
      const channel = await this.options.transport.openTerminal(
        { sessionId: this.options.sessionId, mode: this.state.mode, ...size },
        sink,
      );
      if (!current()) {
        channel.close();
        return;
      }
      this.channel = channel;
      if (this.ackBacklog > 0) channel.send({ t: 'ack', bytes: this.ackBacklog });
      this.ackBacklog = 0;
      this.setState({ info: channel.info });
      // The view may have changed size while the terminal was opening.
      this.fitToView();
    } catch (error) {
      if (!current()) return;
      this.setState({
        phase: 'failed',
        error: cleanErrorMessage(error instanceof Error ? error.message : String(error)),
      });
    }
  }

  private onOutput(bytes: Uint8Array): void {
    this.timings.firstOutputAt ??= performance.now();
    this.timings.outputBytes += bytes.length;
    if (this.grid) {
      const frame = readPaneFrame(bytes);
      if (frame) this.grid.write(frame.pane, frame.bytes);
      return;
    }
    // Acknowledged only once xterm has parsed it: that is what flow control measures.
    this.terminal.write(bytes, () => this.acker.parsed(bytes.length));
  }

  private onControl(message: TerminalServerMessage): void {
    switch (message.t) {
      case 'attached':
        if (this.attachedOnce) this.terminal.write(CANCEL_SEQUENCE);
        this.attachedOnce = true;
        this.setState({
          phase: 'attached',
          mode: message.mode,
          switching: false,
          windowSize: message.mode === 'watch' ? this.state.windowSize : null,
        });
        this.fitToView();
        return;
      case 'size':
        this.setState({ windowSize: { cols: message.cols, rows: message.rows } });
        if (this.state.mode === 'watch') this.terminal.resize(message.cols, message.rows);
        return;
      case 'layout': {
        // The whole-window terminal had the keyboard: its pane successor takes it over.
        const hadFocus = !this.grid && !!this.terminal.element?.contains(document.activeElement);
        const grid = this.paneGrid();
        grid?.apply(message);
        if (hadFocus) grid?.focus();
        if (this.state.mode === 'watch') {
          this.setState({ windowSize: { cols: message.cols, rows: message.rows } });
        }
        return;
      }
      case 'ended': {
        this.channel = null;
        this.setState({ phase: 'ended', end: message.end, switching: false });
        // Once everything before it is parsed: show the last screen above tmux's parting line.
        const terminal = this.viewTerminal;
        // No client attached (a dead pane on a tmux that would crash): its kept screen instead.
        if (message.end.screen) terminal.write(message.end.screen);
        terminal.write('', () => terminal.scrollLines(-(terminal.rows - 1)));
        return;
      }
      case 'error':
        console.warn(`loopwatch terminal: ${message.message}`);
        return;
    }
  }

  private onClosed(reason: string): void {
    this.channel = null;
    if (this.state.phase === 'ended') return;
    this.setState({ phase: 'disconnected', error: reason, switching: false });
  }

  private onInput(data: string, pane?: number): void {
    const { channel } = this;
    // Watch mode sends nothing (the host would drop it, and the tmux client is read-only).
    if (!channel || this.state.mode !== 'interactive' || this.state.phase !== 'attached') return;
    for (const piece of splitInput(data)) {
      channel.send(
        pane === undefined ? { t: 'input', data: piece } : { t: 'input', data: piece, pane },
      );
    }
  }

  private onKey(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown') return true;
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key === 'f') {
      event.preventDefault();
      this.options.onSearchRequest();
      return false;
    }
    const copyKeys =
      (event.ctrlKey && event.shiftKey && key === 'c') || (event.metaKey && key === 'c');
    // In watch mode Ctrl+C has nothing to interrupt: it copies, as in a browser.
    const watchCopy = event.ctrlKey && key === 'c' && this.state.mode === 'watch';
    if ((copyKeys || watchCopy) && this.viewTerminal.hasSelection()) {
      event.preventDefault();
      void this.copySelection();
      return false;
    }
    // Ctrl+Shift+V: let the browser paste (xterm turns the paste event into input).
    if (event.ctrlKey && event.shiftKey && key === 'v') return false;
    return true;
  }

  async copySelection(): Promise<void> {
    const text = this.viewTerminals.map((terminal) => terminal.getSelection()).find(Boolean);
    if (text) await navigator.clipboard.writeText(text);
  }

  /** The view's size in cells, or null while it is hidden. */
  private viewSize(): TerminalSize | null {
    const proposed = this.fit.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows))
      return null;
    if (proposed.cols < 2 || proposed.rows < 1) return null;
    return {
      cols: Math.min(proposed.cols, TERMINAL_MAX_COLS),
      rows: Math.min(proposed.rows, TERMINAL_MAX_ROWS),
    };
  }

  private scheduleFit(): void {
    if (this.fitFrame) return;
    this.fitFrame = requestAnimationFrame(() => {
      this.fitFrame = 0;
      this.fitToView();
    });
  }

  /**
   * Interactive: the terminal (and the agent's window) take the view's size.
   * Watch: the terminal keeps the window's size; the host still hears the
   * view's, for a later switch to interactive.
   */
  private fitToView(): void {
    if (this.disposed) return;
    const size = this.viewSize();
    if (!size) return;
    const watch = this.state.mode === 'watch' && this.state.windowSize;
    if (!watch && (size.cols !== this.terminal.cols || size.rows !== this.terminal.rows)) {
      this.terminal.resize(size.cols, size.rows);
    }
    const last = this.lastViewSize;
    if (this.channel && (!last || last.cols !== size.cols || last.rows !== size.rows)) {
      this.channel.send({ t: 'resize', ...size });
      this.lastViewSize = size;
    }
  }

  /** Ask the host to re-attach in the other mode. */
  setMode(mode: TerminalMode): void {
    if (!this.channel || this.state.phase !== 'attached' || mode === this.state.mode) return;
    this.setState({ mode, switching: true });
    this.channel.send({ t: 'mode', mode });
  }

  /** Attach again after an end, a failure or a lost connection. */
  reopen(): void {
    this.channel?.close();
    this.channel = null;
    this.attachedOnce = false;
    this.acker = this.newAcker();
    this.ackBacklog = 0;
    this.grid?.dispose();
    this.grid = null;
    if (this.terminal.element) this.terminal.element.hidden = false;
    this.terminal.reset();
    this.setState({ windowSize: null, info: null });
    void this.connect();
  }

  focus(): void {
    if (this.grid) this.grid.focus();
    else this.terminal.focus();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.attempt++;
    this.channel?.close();
    this.channel = null;
    this.resizeObserver?.disconnect();
    if (this.fitFrame) cancelAnimationFrame(this.fitFrame);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.grid?.dispose();
    this.grid = null;
    this.terminal.dispose();
  }
}

/**
 * A tmux window drawn pane by pane: one xterm per pane, placed where tmux's
 * layout puts it (the gaps between them are tmux's borders). Used when the
 * host reads the session through a control-mode client (tmux 3.2+): each
 * pane's output arrives on its own, with its own flow-control acks, so a
 * flooding pane never holds back the echo of a pane being typed into.
 */
import { Terminal, type IDisposable, type ITerminalOptions } from '@xterm/xterm';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import type { TerminalServerMessage } from '../../../preload/contract';
import { AckBatcher } from './ackBatcher';

type Layout = Extract<TerminalServerMessage, { t: 'layout' }>;

export interface CellSize {
  width: number;
  height: number;
}

export interface PaneGridOptions {
  terminalOptions: ITerminalOptions;
  openLink: (uri: string) => void;
  /** Keys typed into a pane (interactive mode decides whether they go anywhere). */
  onInput: (pane: number, data: string) => void;
  /** The user put the keyboard focus into a pane. */
  onFocus: (pane: number) => void;
  onAck: (pane: number, bytes: number) => void;
  /** Something was painted (attach timing). */
  onRender: () => void;
  /** Let the session handle keys first (search, copy), as for the single terminal. */
  keyHandler: (event: KeyboardEvent) => boolean;
  /** Extra per-terminal set-up (WebGL). */
  decorate: (terminal: Terminal) => void;
}

interface Pane {
  id: number;
  terminal: Terminal;
  search: SearchAddon;
  element: HTMLElement;
  acker: AckBatcher;
  disposables: IDisposable[];
}

export class PaneGrid {
  readonly element: HTMLElement;
  private readonly panes = new Map<number, Pane>();
  private active: number | null = null;

  constructor(
    parent: HTMLElement,
    private readonly cell: CellSize,
    private readonly options: PaneGridOptions,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'terminal-panes';
    parent.appendChild(this.element);
  }

  /** Place, create and drop panes as tmux laid the window out. */
  apply(layout: Layout): void {
    const { width, height } = this.cell;
    this.element.style.width = `${layout.cols * width}px`;
    this.element.style.height = `${layout.rows * height}px`;
    const keep = new Set(layout.panes.map((rect) => rect.id));
    for (const [id, pane] of this.panes) if (!keep.has(id)) this.remove(id, pane);
    for (const rect of layout.panes) {
      const pane = this.panes.get(rect.id) ?? this.create(rect.id);
      pane.element.style.left = `${rect.x * width}px`;
      pane.element.style.top = `${rect.y * height}px`;
      pane.element.style.width = `${rect.cols * width}px`;
      pane.element.style.height = `${rect.rows * height}px`;
      if (pane.terminal.cols !== rect.cols || pane.terminal.rows !== rect.rows) {
        pane.terminal.resize(rect.cols, rect.rows);
      }
    }
    const hadFocus = this.element.contains(document.activeElement);
    this.active = this.panes.has(layout.active) ? layout.active : (layout.panes[0]?.id ?? null);
    for (const pane of this.panes.values()) {
      pane.element.dataset.active = String(pane.id === this.active);
    }
    if (hadFocus) this.focus();
  }

  private create(id: number): Pane {
    const element = document.createElement('div');
    element.className = 'terminal-pane';
    element.dataset.pane = String(id);
    this.element.appendChild(element);
    const terminal = new Terminal({
      ...this.options.terminalOptions,
      // A pane's redraw after skipped output erases the screen it replaces: that is not
      // history (the half-drawn line at its bottom least of all). Nor does a control
      // client's end clear anything that would need keeping.
      scrollOnEraseInDisplay: false,
    });
    const search = new SearchAddon();
    terminal.loadAddon(search);
    terminal.loadAddon(new Unicode11Addon());
    terminal.unicode.activeVersion = '11';
    terminal.loadAddon(new WebLinksAddon((_event, uri) => this.options.openLink(uri)));
    terminal.open(element);
    this.options.decorate(terminal);
    terminal.attachCustomKeyEventHandler(this.options.keyHandler);
    const onFocus = (): void => {
      if (this.active !== id) this.options.onFocus(id);
    };
    terminal.textarea?.addEventListener('focus', onFocus);
    const pane: Pane = {
      id,
      terminal,
      search,
      element,
      acker: new AckBatcher((bytes) => this.options.onAck(id, bytes)),
      disposables: [
        terminal.onData((data) => this.options.onInput(id, data)),
        terminal.onRender(() => this.options.onRender()),
        { dispose: () => terminal.textarea?.removeEventListener('focus', onFocus) },
      ],
    };
    this.panes.set(id, pane);
    return pane;
  }

  private remove(id: number, pane: Pane): void {
    for (const disposable of pane.disposables) disposable.dispose();
    pane.terminal.dispose();
    pane.element.remove();
    this.panes.delete(id);
  }

  /** One pane's output; acknowledged once xterm has parsed it. */
  write(id: number, bytes: Uint8Array): boolean {
    const pane = this.panes.get(id);
    if (!pane) return false;
    pane.terminal.write(bytes, () => pane.acker.parsed(bytes.length));
    return true;
  }

  /** The pane tmux has active (keys go there; search and the probe look there). */
  get activeTerminal(): Terminal | null {
    return this.activePane?.terminal ?? null;
  }

  get activeSearch(): SearchAddon | null {
    return this.activePane?.search ?? null;
  }

  private get activePane(): Pane | null {
    return (this.active !== null ? this.panes.get(this.active) : undefined) ?? null;
  }

  get terminals(): Terminal[] {
    return [...this.panes.values()].map((pane) => pane.terminal);
  }

  focus(): void {
    this.activePane?.terminal.focus();
  }

  dispose(): void {
    for (const [id, pane] of this.panes) this.remove(id, pane);
    this.element.remove();
  }
}

/**
 * The terminal host: every live terminal of one process. In `serve` it runs
 * inside the server; in Electron inside a utility process
 * (main/electron/ptyHostProcess.ts), so a flood never competes with the
 * window's main thread. Pure Node: no electron import.
 */
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { execTmux, tmuxBinary } from '../core/tmux/execTmux';
import { deadPaneGuard, type AttachGuard } from './deadPaneGuard';
import type { TerminalPort } from './port';
import { spawnNodePty, type PtySpawner } from './ptyProcess';
import { PaneStreamTerminal } from './paneStream/paneStreamTerminal';
import { AttachedTerminal, type TerminalSpec } from './terminal';
import { remoteTmuxRun, remoteTmuxVersion } from './remoteTmux';
import type { SshRoute } from '../core/hosts/sshRoute';
import {
  configuredClient,
  supportsPaneStreams,
  resolveClient,
  tmuxVersion,
  type TerminalClientKind,
} from './terminalClient';
import { windowSizeProbe, type TmuxRun } from './windowSize';

/** A view connects its channel right after asking; one that never does must not leave a tmux client attached. */
export const CLAIM_TIMEOUT_MS = 15_000;
/** Terminal ids are unguessable: knowing one is what lets a channel attach to it. */
const TERMINAL_ID_BYTES = 18;

/** What opening a terminal needs, whichever process hosts the ptys. */
export interface TerminalHostApi {
  open(spec: TerminalSpec): Promise<{ terminalId: string }>;
}

export interface PtyHostOptions {
  spawn?: PtySpawner;
  env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to LOOPWATCH_TMUX_BIN or `tmux`, like every other tmux Loopwatch runs. */
  tmuxBinary?: string;
  claimTimeoutMs?: number;
  /**
   * How to run a tmux query (watch mode reads the window's size). The
   * server passes the supervisor's control connections (no process spawned);
   * the default runs one tmux process per query.
   */
  tmuxRun?: TmuxRun;
  watchSizePollMs?: number;
  /** Pane streams: how long a paused pane waits for its redraw (default PANE_FLOW.minPauseMs). */
  paneMinPauseMs?: number;
  /** Which tmux client terminals read through (default: LOOPWATCH_TERMINAL_CLIENT, else auto). */
  client?: TerminalClientKind;
}

/** What the host needs of a terminal, whichever tmux client reads it. */
type HostedTerminal = AttachedTerminal | PaneStreamTerminal;

export class PtyHost implements TerminalHostApi {
  private readonly terminals = new Map<string, HostedTerminal>();
  private readonly claimTimers = new Map<string, NodeJS.Timeout>();
  /** Finished terminals whose tmux client may still be exiting. */
  private readonly retiring = new Set<HostedTerminal>();
  private disposed = false;

  constructor(private readonly options: PtyHostOptions = {}) {}

  private isDisposed(): boolean {
    return this.disposed;
  }

  private clientKind: Promise<'panes' | 'attach'> | null = null;
  private attachGuard: AttachGuard | null = null;
  /** Per remote host: its servers' versions are its own (a socket path may repeat across hosts). */
  private readonly remoteGuards = new Map<string, AttachGuard>();

  async open(spec: TerminalSpec): Promise<{ terminalId: string }> {
    if (this.disposed) throw new Error('the terminal host is shutting down');
    const env = this.options.env ?? process.env;
    const binary = this.options.tmuxBinary ?? (env.LOOPWATCH_TMUX_BIN || tmuxBinary());
    this.clientKind ??= resolveClient(
      this.options.client ?? configuredClient(env.LOOPWATCH_TERMINAL_CLIENT),
      () => tmuxVersion(binary, env),
    );
    // A remote host's session is always read through a pane stream: see remoteClientProblem().
    const kind = spec.route ? await this.remoteClient(spec.route) : await this.clientKind;
    // dispose() may have run while tmux -V answered.
    if (this.isDisposed()) throw new Error('the terminal host is shutting down');
    const terminalId = randomBytes(TERMINAL_ID_BYTES).toString('base64url');
    const onFinished = (finished: HostedTerminal): void => this.onFinished(finished);
    const cwd = env.HOME || homedir();
    // One for the host: it remembers which servers' versions are safe.
    this.attachGuard ??= deadPaneGuard(this.options.tmuxRun ?? execTmux);
    const attachGuard = spec.route ? this.remoteGuard(spec.route) : this.attachGuard;
    const terminal: HostedTerminal =
      kind === 'panes'
        ? new PaneStreamTerminal(
            terminalId,
            spec,
            { tmuxBinary: binary, env, cwd, minPauseMs: this.options.paneMinPauseMs, attachGuard },
            onFinished,
          )
        : new AttachedTerminal(
            terminalId,
            spec,
            {
              spawn: this.options.spawn ?? spawnNodePty,
              tmuxBinary: binary,
              env,
              cwd,
              windowSize: windowSizeProbe(this.options.tmuxRun ?? execTmux),
              watchSizePollMs: this.options.watchSizePollMs,
              attachGuard,
            },
            onFinished,
          );
    this.terminals.set(terminalId, terminal);
    this.claimTimers.set(
      terminalId,
      setTimeout(() => this.expire(terminalId), this.options.claimTimeoutMs ?? CLAIM_TIMEOUT_MS),
    );
    terminal.start();
    return { terminalId };
  }

  /**
   * Remote terminals read through pane streams (tmux 3.2+ on the host). A
   * `tmux attach` over \`ssh -tt\` cannot let go of its client without a
   * focus change: closing it makes sshd hang up the host's pty, and that
   * SIGHUP is what crashes tmux 3.3-3.4 on a dead pane (core/tmux/focusCrash.ts);
   * a control client over a plain pipe just sees its input end.
   */
  private async remoteClient(route: SshRoute): Promise<'panes'> {
    const version = await remoteTmuxVersion(route);
    if (version && !supportsPaneStreams(version))
      throw new Error(
        `host ${route.host} runs ${version}: its live terminal needs tmux 3.2 or newer there`,
      );
    return 'panes';
  }

  private remoteGuard(route: SshRoute): AttachGuard {
    let guard = this.remoteGuards.get(route.host);
    if (!guard) {
      guard = deadPaneGuard(remoteTmuxRun(route));
      this.remoteGuards.set(route.host, guard);
    }
    return guard;
  }

  /** Hand a terminal its view's channel; false for an unknown id or one already taken. */
  connect(terminalId: string, port: TerminalPort): boolean {
    const terminal = this.terminals.get(terminalId);
    if (!terminal?.connect(port)) return false;
    this.clearClaimTimer(terminalId);
    // It ended before the view came: the view has now been told why.
    if (terminal.isFinished) this.forget(terminal);
    return true;
  }

  /** Terminals open (attached or waiting for their view). */
  get size(): number {
    return this.terminals.size;
  }

  get(terminalId: string): HostedTerminal | undefined {
    return this.terminals.get(terminalId);
  }

  private onFinished(terminal: HostedTerminal): void {
    // Unclaimed: keep it, so the view that connects next still learns why it ended.
    if (terminal.claimed) this.forget(terminal);
  }

  private expire(terminalId: string): void {
    const terminal = this.terminals.get(terminalId);
    if (!terminal) return;
    terminal.close();
    this.forget(terminal);
  }

  private clearClaimTimer(terminalId: string): void {
    const timer = this.claimTimers.get(terminalId);
    if (timer) clearTimeout(timer);
    this.claimTimers.delete(terminalId);
  }

  private forget(terminal: HostedTerminal): void {
    this.clearClaimTimer(terminal.id);
    this.terminals.delete(terminal.id);
    this.retiring.add(terminal);
    void terminal.exited().then(() => this.retiring.delete(terminal));
  }

  /** Detach every terminal; resolves once all tmux clients have exited. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.terminals.values(), ...this.retiring];
    for (const terminal of this.terminals.values()) terminal.close();
    for (const terminal of [...this.terminals.values()]) this.forget(terminal);
    await Promise.all(all.map((terminal) => terminal.exited()));
  }
}

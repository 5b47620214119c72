/**
 * The tmux servers source: finds every tmux server (the socket directories,
 * the sockets other sources name, flags and settings), keeps one monitor per
 * server (a control-mode client; in one-shot mode a short query), and maps
 * each tmux session to the id it stands for. It is also the other sources'
 * window on tmux: panes, runners and the updates of every poll.
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { Server, ServerOrigin } from '../../../../preload/contract';
import { DirWatcher } from '../../files/dirWatcher';
import { tmuxSkillSocketDirs, tmuxSocketDir } from '../../paths';
import { tmuxSessionId } from '../../sessions/classify';
import {
  discoverTmuxSockets,
  mergeCandidates,
  socketsIn,
  vetCandidates,
  type RefusedSocket,
  type SocketCandidate,
} from '../../tmux/discovery';
import type { PaneFacts, TmuxSessionFacts } from '../../tmux/formats';
import { stoppedTmuxServerPid } from '../../proc/stoppedTmuxServer';
import { OneShotServer } from '../../tmux/oneShotServer';
import type { TmuxRunner } from '../../tmux/runner';
import { ServerMonitor, type ServerState, type ServerUpdate } from '../../tmux/serverMonitor';
import type { SessionDraft, SourceHost, SupervisorSource } from '../source';

/**
 * While a server has not answered, look in /proc this often whether its
 * process is stopped: a stopped server answers nothing until tmux's 5 s
 * deadline, and start-up must not wait for it.
 */
const STOPPED_CHECK_MS = 100;
/** Re-scan the socket directories at most this often when they churn. */
const RESCAN_DEBOUNCE_MS = 50;

/** What a server looks like to the sources, live or one-shot. */
export interface ServerView {
  readonly socket: string;
  readonly state: ServerState;
  readonly error: string | null;
  readonly checkedAt: number;
  readonly sessions: ReadonlyMap<string, TmuxSessionFacts>;
  readonly runner: TmuxRunner | null;
  /** Since when its (kept) sessions are unconfirmed: the server stopped answering. */
  readonly unresponsiveAt?: number | null;
}

export interface TmuxServersEvents {
  /** A live server's poll, after its sessions were mapped to ids. */
  update: [ServerUpdate];
  /** A server nobody names any more. */
  gone: [string];
}

export interface TmuxServersOptions {
  /** Sockets from `--socket`. */
  sockets?: readonly string[];
  pollMs?: number | undefined;
  idlePollMs?: number | undefined;
  fullPollMs?: number | undefined;
  /** Sockets the other sources name (their registries). */
  candidates: () => SocketCandidate[];
  /** The id a tmux session stands for (another source may claim it). */
  identify: (socket: string, facts: TmuxSessionFacts) => string;
  /** The server list changed in what the UIs show. */
  onServersChanged: (servers: Server[]) => void;
}

export class TmuxServers extends EventEmitter<TmuxServersEvents> implements SupervisorSource {
  /** Sockets found but refused (another user's, or swappable by one), with why. */
  private refused = new Map<string, RefusedSocket>();
  private refusedAt = 0;
  readonly name = 'tmux servers';
  private readonly monitors = new Map<string, ServerMonitor>();
  private readonly oneShotServers = new Map<string, OneShotServer>();
  private readonly origins = new Map<string, Set<ServerOrigin>>();
  private readonly flagSockets: string[];
  private settingsSockets: string[] = [];
  private readonly socketWatchers = new Map<string, DirWatcher>();
  private rescanTimer: NodeJS.Timeout | null = null;
  private lastServersKey = '';
  /** Which id each server's sessions stand for, and back. */
  private readonly tmuxById = new Map<string, { socket: string; name: string }>();
  private readonly idByTmux = new Map<string, Map<string, string>>();

  constructor(
    private readonly host: SourceHost,
    private readonly options: TmuxServersOptions,
  ) {
    super();
    this.flagSockets = [...(options.sockets ?? [])].map((s) => resolve(s));
  }

  async start(): Promise<void> {
    if (!this.host.oneShot) for (const dir of this.socketDirs()) this.watchSocketDir(dir);
    await this.rescan();
  }

  /** Sockets from settings (replaces the previous ones); `refresh` applies them. */
  setSettingsSockets(sockets: readonly string[]): void {
    this.settingsSockets = sockets.map((s) => resolve(s));
  }

  refresh(): void {
    void this.rescan();
  }

  stop(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    for (const server of this.oneShotServers.values()) server.abandon();
    for (const watcher of this.socketWatchers.values()) watcher.close();
    this.socketWatchers.clear();
    for (const monitor of this.monitors.values()) monitor.dispose();
    this.monitors.clear();
    this.removeAllListeners();
  }

  sockets(): SocketCandidate[] {
    return [
      ...this.flagSockets.map((socket): SocketCandidate => ({ socket, origin: 'flag' })),
      ...this.settingsSockets.map((socket): SocketCandidate => ({ socket, origin: 'settings' })),
    ];
  }

  contribute(id: string, draft: SessionDraft): void {
    const ref = this.tmuxById.get(id);
    const facts = ref ? this.view(ref.socket)?.sessions.get(ref.name) : undefined;
    const unresponsiveSince = ref ? (this.view(ref.socket)?.unresponsiveAt ?? null) : null;
    draft.tmux = ref && facts ? { socket: ref.socket, facts, unresponsiveSince } : null;
    draft.skillServer =
      draft.tmux !== null && (this.origins.get(draft.tmux.socket)?.has('tmuxSkill') ?? false);
  }

  // -------------------------------------------------------------------------
  // What the other sources read
  // -------------------------------------------------------------------------

  views(): ServerView[] {
    return this.host.oneShot ? [...this.oneShotServers.values()] : [...this.monitors.values()];
  }

  view(socket: string): ServerView | null {
    return (
      (this.host.oneShot ? this.oneShotServers.get(socket) : this.monitors.get(socket)) ?? null
    );
  }

  /** Run tmux commands on a watched server (its control connection; one-shot: short processes). */
  runnerFor(socket: string): TmuxRunner | null {
    return this.view(socket)?.runner ?? null;
  }

  /** One-shot mode: the servers queried, with their short-process readers. */
  oneShotViews(): OneShotServer[] {
    return [...this.oneShotServers.values()];
  }

  /** True while a tmux session stands for this id. */
  hasSession(id: string): boolean {
    return this.tmuxById.has(id);
  }

  findPane(socket: string, paneId: string): PaneFacts | null {
    for (const facts of this.view(socket)?.sessions.values() ?? []) {
      const pane = facts.panes.find((p) => p.id === paneId);
      if (pane) return pane;
    }
    return null;
  }

  sessionIdOfPane(socket: string, paneId: string): string | null {
    const view = this.view(socket);
    if (!view) return null;
    for (const facts of view.sessions.values()) {
      if (facts.panes.some((p) => p.id === paneId))
        return this.idByTmux.get(socket)?.get(facts.name) ?? null;
    }
    return null;
  }

  /** Poll every live server soon (something expects a new session). */
  refreshSoon(): void {
    for (const monitor of this.monitors.values()) monitor.refreshSoon();
  }

  servers(): Server[] {
    // Refused sockets are listed with why (ownership before trust), never connected to.
    const refused = [...this.refused].map(([socket, { origins, reason }]): Server => ({
      socket,
      origins: [...origins],
      state: 'error',
      error: reason,
      sessionCount: 0,
      checkedAt: new Date(this.refusedAt).toISOString(),
    }));
    return this.views()
      .map((view): Server => ({
        socket: view.socket,
        origins: [...(this.origins.get(view.socket) ?? [])],
        state: view.state === 'connecting' ? 'down' : view.state,
        error: view.state === 'connecting' ? 'connecting' : view.error,
        sessionCount: view.sessions.size,
        checkedAt: new Date(view.checkedAt).toISOString(),
      }))
      .concat(refused)
      .sort((a, b) => a.socket.localeCompare(b.socket));
  }

  // -------------------------------------------------------------------------
  // Finding servers
  // -------------------------------------------------------------------------

  private socketDirs(): string[] {
    return [tmuxSocketDir(this.host.env), ...tmuxSkillSocketDirs(this.host.env)];
  }

  private watchSocketDir(dir: string): void {
    if (this.socketWatchers.has(dir)) return;
    const watcher = new DirWatcher(dir, () => this.rescanSoon());
    this.socketWatchers.set(dir, watcher);
    watcher.start();
  }

  private rescanSoon(): void {
    if (this.rescanTimer || this.host.disposed) return;
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = null;
      void this.rescan();
    }, RESCAN_DEBOUNCE_MS);
  }

  private async candidates(): Promise<SocketCandidate[]> {
    const [found, ...skillDirs] = await Promise.all([
      discoverTmuxSockets(this.host.env),
      ...tmuxSkillSocketDirs(this.host.env).map((dir) => socketsIn(dir)),
    ]);
    // The default server counts once its socket exists (`found` marks it
    // 'default'); before that there is no server to report as down, and the
    // socket dir watch picks it up when one starts.
    return [
      ...found,
      ...skillDirs.flat().map((socket): SocketCandidate => ({ socket, origin: 'tmuxSkill' })),
      ...this.options.candidates(),
    ];
  }

  async rescan(): Promise<void> {
    // Ownership before trust (files/ownership.ts): another user's socket is never connected to.
    const { trusted: merged, refused } = await vetCandidates(
      mergeCandidates(await this.candidates()),
    );
    if (this.host.disposed) return;
    this.refused = refused;
    this.refusedAt = Date.now();
    const waits: Promise<void>[] = [];
    for (const [socket, origins] of merged) {
      this.origins.set(socket, origins);
      if (this.host.oneShot) {
        if (!this.oneShotServers.has(socket))
          waits.push(this.unlessStopped(socket, this.queryOnce(socket)));
        continue;
      }
      const existing = this.monitors.get(socket);
      existing?.socketBack();
      if (existing) existing.poke();
      else waits.push(this.unlessStopped(socket, this.addMonitor(socket)));
    }
    // Sockets nobody names any more (a settings entry removed, a server gone with its socket file).
    for (const socket of [...this.monitors.keys()]) {
      if (merged.has(socket)) continue;
      // Its socket file deleted while the server still runs: keep it, say so.
      if (await this.monitors.get(socket)!.keepWithoutSocket()) continue;
      this.monitors.get(socket)!.dispose();
      this.monitors.delete(socket);
      this.origins.delete(socket);
      this.onServerGone(socket);
    }
    await Promise.all(waits);
    this.publishServersIfChanged();
  }

  /**
   * Wait for a server's first answer, unless its process is stopped: then it
   * is reported so at once (unresponsive since now) and the others' sessions
   * do not wait for it. Each server on its own.
   */
  private async unlessStopped(socket: string, answered: Promise<void>): Promise<void> {
    let answeredYet = false;
    const settled = answered.finally(() => {
      answeredYet = true;
    });
    // A function, not the variable: it is flipped from another callback (no narrowing).
    const isAnswered = (): boolean => answeredYet;
    const noLongerWaited = (): boolean => isAnswered() || this.host.disposed;
    const watch = async (): Promise<void> => {
      // Bounded by the answer itself: every query ends at tmux's deadline.
      while (!noLongerWaited()) {
        await new Promise((wake) => setTimeout(wake, STOPPED_CHECK_MS));
        if (noLongerWaited()) return;
        const pid = await stoppedTmuxServerPid(socket);
        if (pid === null || isAnswered()) continue;
        if (this.host.oneShot) {
          const server = this.oneShotServers.get(socket);
          server?.markStopped(pid);
          if (server) this.indexServer(server, [], [], true);
        } else {
          this.monitors.get(socket)?.markStopped(pid);
        }
        return;
      }
    };
    await Promise.race([settled, watch()]);
  }

  private addMonitor(socket: string): Promise<void> {
    const monitor = new ServerMonitor(socket, {
      pollMs: this.options.pollMs,
      idlePollMs: this.options.idlePollMs,
      fullPollMs: this.options.fullPollMs,
      clock: this.host.clock,
    });
    this.monitors.set(socket, monitor);
    // One server's bad facts are reported on it, never thrown into the others'.
    const onUpdate = this.host.guard(`tmux ${socket}`, (update: ServerUpdate) =>
      this.onServerUpdate(monitor, update),
    );
    const first = new Promise<void>((resolveFirst) => {
      monitor.on('update', (update) => {
        onUpdate(update);
        resolveFirst();
      });
    });
    monitor.start();
    return first;
  }

  private async queryOnce(socket: string): Promise<void> {
    const server = new OneShotServer(socket);
    this.oneShotServers.set(socket, server);
    await server.query();
    this.indexServer(server, [...server.sessions.keys()], [], true);
  }

  private onServerUpdate(monitor: ServerMonitor, update: ServerUpdate): void {
    if (this.host.disposed) return;
    this.indexServer(monitor, update.changed, update.removed, monitor.updates === 1);
    this.emit('update', update);
    if (update.full) this.publishServersIfChanged();
  }

  /** Record which ids the server's sessions stand for, and publish what changed. */
  private indexServer(
    server: ServerView,
    changed: readonly string[],
    removed: readonly string[],
    initial: boolean,
  ): void {
    const socket = server.socket;
    const names = this.idByTmux.get(socket) ?? new Map<string, string>();
    this.idByTmux.set(socket, names);
    for (const name of removed) {
      const id = names.get(name);
      names.delete(name);
      if (id === undefined) continue;
      if (this.tmuxById.get(id)?.socket === socket) this.tmuxById.delete(id);
      this.host.changed(id, false);
    }
    for (const name of changed) {
      const facts = server.sessions.get(name);
      if (!facts) continue;
      const id = this.options.identify(socket, facts);
      const previous = names.get(name);
      if (previous !== undefined && previous !== id) {
        this.tmuxById.delete(previous);
        this.host.changed(previous, false);
      }
      names.set(name, id);
      this.tmuxById.set(id, { socket, name });
      this.host.changed(id, initial);
    }
  }

  private onServerGone(socket: string): void {
    const names = this.idByTmux.get(socket);
    this.idByTmux.delete(socket);
    this.emit('gone', socket);
    for (const id of names?.values() ?? []) {
      if (this.tmuxById.get(id)?.socket === socket) this.tmuxById.delete(id);
      this.host.changed(id, false);
    }
  }

  /** What of the server list the UIs show (not `checkedAt`, which changes every poll). */
  private serversKey(): string {
    return JSON.stringify(
      this.servers().map(({ socket, state, error, sessionCount, origins }) => [
        socket,
        state,
        error,
        sessionCount,
        origins,
      ]),
    );
  }

  private publishServersIfChanged(): void {
    if (!this.host.running || this.host.disposed) return;
    const key = this.serversKey();
    if (key === this.lastServersKey) return;
    this.lastServersKey = key;
    this.options.onServersChanged(this.servers());
  }
}

/** The default id of a tmux session no other source claims. */
export function plainTmuxId(socket: string, facts: TmuxSessionFacts): string {
  return tmuxSessionId(socket, facts.name);
}

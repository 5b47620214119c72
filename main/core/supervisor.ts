/**
 * The supervisor: finds tmux servers, keeps one monitor per server, turns
 * their reports into Sessions, and tells listeners what changed. Pure Node:
 * the CLI, `loopwatch serve`, the Electron shell and the tests all run it.
 */
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type {
  Server,
  ServerOrigin,
  Session,
  SessionsDelta,
  Snapshot,
  Transition,
} from '../../preload/contract';
import { defaultTmuxSocket, tmuxSocketDir, type Env } from './paths';
import { sessionFromTmux } from './sessions/fromTmux';
import { SessionStore } from './sessions/sessionStore';
import { discoverTmuxSockets, mergeCandidates, type SocketCandidate } from './tmux/discovery';
import { exactSessionPane } from './tmux/quote';
import type { TmuxRunner } from './tmux/runner';
import { ServerMonitor, type ServerReport } from './tmux/serverMonitor';

/** Lines of screen a peek shows by default: a screenful and some history. */
const DEFAULT_CAPTURE_LINES = 50;
/** Re-scan the socket directory at most this often when it churns. */
const RESCAN_DEBOUNCE_MS = 50;

export interface SupervisorOptions {
  env?: Env;
  /** Extra sockets to watch (`--socket`, settings). */
  sockets?: readonly string[];
  pollMs?: number;
}

/** What the settings ask the supervisor to watch besides what it finds itself. */
export interface WatchTargets {
  sockets: readonly string[];
  projectRoots: readonly string[];
}

export interface SupervisorEvents {
  delta: [SessionsDelta];
  transition: [Transition];
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  private readonly env: Env;
  private readonly extraSockets: readonly string[];
  private settingsSockets: readonly string[] = [];
  private projectRoots: readonly string[] = [];
  private readonly monitors = new Map<string, ServerMonitor>();
  private readonly origins = new Map<string, Set<ServerOrigin>>();
  private readonly store = new SessionStore();
  private readonly reported = new Set<string>();
  private readonly watchers: FSWatcher[] = [];
  private rescanTimer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private disposed = false;
  private firstReportsDone: Promise<void> = Promise.resolve();

  constructor(private readonly options: SupervisorOptions = {}) {
    super();
    this.env = options.env ?? process.env;
    this.extraSockets = options.sockets ?? [];
  }

  /** Start watching; resolves once every server found at start-up has reported once. */
  async start(): Promise<void> {
    this.startedAt = Date.now();
    this.watchSocketDir();
    await this.rescan();
    await this.firstReportsDone;
  }

  private candidatesFromConfig(): SocketCandidate[] {
    return [
      { socket: defaultTmuxSocket(this.env), origin: 'default' },
      ...this.extraSockets.map((socket): SocketCandidate => ({ socket, origin: 'flag' })),
      ...this.settingsSockets.map((socket): SocketCandidate => ({ socket, origin: 'settings' })),
    ];
  }

  /**
   * Sockets and project roots from the settings; takes effect at once.
   * Minimal version (issue 5): extra sockets only. Project roots are kept
   * for the pipeline source to use.
   */
  setWatchTargets(targets: WatchTargets): void {
    this.settingsSockets = [...targets.sockets];
    this.projectRoots = [...targets.projectRoots];
    if (this.startedAt > 0 && !this.disposed) void this.rescan();
  }

  /** The project roots the settings name. */
  watchedProjectRoots(): readonly string[] {
    return this.projectRoots;
  }

  /** Stop watching a server only the settings named, and forget its sessions. */
  private dropMonitor(socket: string): void {
    this.monitors.get(socket)?.dispose();
    this.monitors.delete(socket);
    this.origins.delete(socket);
    this.reported.delete(socket);
    const change = this.store.replaceScope(`tmux:${socket}`, [], Date.now(), false);
    this.lastServersKey = this.serversKey();
    const delta = change.delta ?? { seq: this.store.bump(), upsert: [], remove: [] };
    this.emit('delta', { ...delta, servers: this.servers() });
  }

  private async rescan(): Promise<void> {
    const found = await discoverTmuxSockets(this.env);
    if (this.disposed) return;
    const merged = mergeCandidates([...this.candidatesFromConfig(), ...found]);
    for (const socket of [...this.monitors.keys()]) {
      const origins = this.origins.get(socket);
      const onlySettings = origins !== undefined && [...origins].every((o) => o === 'settings');
      if (!merged.has(socket) && onlySettings) this.dropMonitor(socket);
    }
    const waits: Promise<void>[] = [];
    for (const [socket, origins] of merged) {
      this.origins.set(socket, origins);
      const existing = this.monitors.get(socket);
      if (existing) {
        existing.poke();
        continue;
      }
      waits.push(this.addMonitor(socket));
    }
    this.firstReportsDone = Promise.all(waits).then(() => undefined);
  }

  private addMonitor(socket: string): Promise<void> {
    const monitor = new ServerMonitor(socket, { pollMs: this.options.pollMs });
    this.monitors.set(socket, monitor);
    const first = new Promise<void>((resolve) => {
      monitor.on('report', (report) => {
        this.onReport(report);
        resolve();
      });
    });
    monitor.start();
    return first;
  }

  private onReport(report: ServerReport): void {
    const initial = !this.reported.has(report.socket);
    this.reported.add(report.socket);
    const now = Date.now();
    const sessions = report.sessions.map((facts) => sessionFromTmux(report.socket, facts, now));
    const change = this.store.replaceScope(`tmux:${report.socket}`, sessions, now, initial);
    const serversKey = this.serversKey();
    const serversChanged = serversKey !== this.lastServersKey;
    this.lastServersKey = serversKey;
    let delta = change.delta;
    if (serversChanged) {
      delta = delta
        ? { ...delta, servers: this.servers() }
        : { seq: this.store.bump(), upsert: [], remove: [], servers: this.servers() };
    }
    if (delta) this.emit('delta', delta);
    for (const transition of change.transitions) this.emit('transition', transition);
  }

  private lastServersKey = '';
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

  private watchSocketDir(): void {
    const dir = tmuxSocketDir(this.env);
    const rescanSoon = (): void => {
      if (this.rescanTimer || this.disposed) return;
      this.rescanTimer = setTimeout(() => {
        this.rescanTimer = null;
        void this.rescan();
      }, RESCAN_DEBOUNCE_MS);
    };
    try {
      this.watchers.push(watch(dir, rescanSoon));
    } catch {
      // The directory appears with the first tmux server: watch its parent for it.
      try {
        const parentWatcher = watch(dirname(dir), (_event, name) => {
          if (name !== basename(dir)) return;
          parentWatcher.close();
          this.watchSocketDir();
          rescanSoon();
        });
        this.watchers.push(parentWatcher);
      } catch {
        /* no parent either: extra sockets still work */
      }
    }
  }

  servers(): Server[] {
    return [...this.monitors.values()]
      .map(({ last }): Server => ({
        socket: last.socket,
        origins: [...(this.origins.get(last.socket) ?? [])],
        state: last.state === 'connecting' ? 'down' : last.state,
        error: last.state === 'connecting' ? 'connecting' : last.error,
        sessionCount: last.sessions.length,
        checkedAt: new Date(last.checkedAt).toISOString(),
      }))
      .sort((a, b) => a.socket.localeCompare(b.socket));
  }

  sessions(): Session[] {
    return this.store.all();
  }

  snapshot(): Snapshot {
    return {
      seq: this.store.seq,
      generatedAt: new Date().toISOString(),
      servers: this.servers(),
      sessions: this.sessions(),
    };
  }

  /**
   * Run a tmux command on a watched server over its control connection (no
   * process spawned). Null when that server is not connected.
   */
  runnerFor(socket: string): TmuxRunner | null {
    return this.monitors.get(socket)?.runner ?? null;
  }

  /**
   * The last `lines` lines of a live session's active pane, as plain text
   * (no escape sequences). Null when the session or its server is gone.
   */
  async capturePane(sessionId: string, lines = DEFAULT_CAPTURE_LINES): Promise<string | null> {
    const session = this.store.get(sessionId);
    if (!session?.socket || !session.live) return null;
    const runner = this.runnerFor(session.socket);
    if (!runner) return null;
    const pane = session.panes.find((p) => p.active) ?? session.panes[0];
    const target = pane ? pane.id : exactSessionPane(session.name);
    try {
      return await runner.run([
        'capture-pane',
        '-p',
        '-J',
        '-t',
        target,
        '-S',
        String(-Math.max(1, lines)),
      ]);
    } catch {
      return null;
    }
  }

  /** When the supervisor started (ms since the epoch). */
  get started(): number {
    return this.startedAt;
  }

  dispose(): void {
    this.disposed = true;
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    for (const watcher of this.watchers.splice(0)) watcher.close();
    for (const monitor of this.monitors.values()) monitor.dispose();
    this.monitors.clear();
    this.removeAllListeners();
  }
}

/**
 * The supervisor: finds every tmux server and every agent session on it,
 * follows each source that knows something about them (tmux itself, the
 * pipeline engine's files, the tmux skill's registries, schmux, agent
 * hooks, the screen), and tells listeners what changed: deltas for the
 * UIs, status transitions for notifications. Pure Node: the CLI, `serve`,
 * the Electron shell and the tests all run it.
 *
 * Two modes share one code path: live (one control-mode client per server,
 * directory watches, a hook socket) and one-shot (`list`, `status`: short
 * tmux processes and single reads, nothing left running).
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type {
  Server,
  ServerOrigin,
  Session,
  SessionsDelta,
  Snapshot,
  Transition,
} from '../../preload/contract';
import { DirWatcher } from './files/dirWatcher';
import { ENDED_REASON, EndedSessions, isEndedRowId } from './keep/endedSessions';
import { existingLogOf, lastScreenOf } from './keep/lastScreen';
import {
  loopwatchConfigDir,
  loopwatchRuntimeDir,
  tmuxSkillSocketDirs,
  tmuxSocketDir,
  type Env,
} from './paths';
import { buildSession, type PaneSignal } from './sessions/buildSession';
import { pipelineRunName, pipelineSessionId, tmuxSessionId } from './sessions/classify';
import { SessionStore, type Removal } from './sessions/sessionStore';
import { hookVerdict, socketFromTmuxEnv, type HookMessage } from './sources/hooks/hookEvent';
import { HookServer } from './sources/hooks/hookServer';
import { ProjectWatcher } from './sources/pipeline/projectWatcher';
import { agentIdFromHookEvent } from './restore/agentIds';
import { RestoreRecorder } from './restore/restoreRecorder';
import { runArgsFromArgv, runArgsFromCommand } from './sources/pipeline/runArgs';
import { SchmuxSource } from './sources/schmux/schmuxSource';
import { schmuxSocketPath } from './sources/schmux/stateFile';
import { TmuxSkillSource } from './sources/tmuxSkill/skillSource';
import { ScreenWatcher } from './status/screenWatcher';
import { SCREEN_LINES } from './status/screenPatterns';
import { processArgs } from './proc/processes';
import {
  discoverTmuxSockets,
  mergeCandidates,
  socketsIn,
  type SocketCandidate,
} from './tmux/discovery';
import type { PaneFacts, TmuxSessionFacts } from './tmux/formats';
import { OneShotServer } from './tmux/oneShotServer';
import { PollClock } from './tmux/pollClock';
import { exactSessionPane } from './tmux/quote';
import type { TmuxRunner } from './tmux/runner';
import {
  DEFAULT_TICK_MS,
  ServerMonitor,
  type ServerState,
  type ServerUpdate,
} from './tmux/serverMonitor';

/** Lines of screen a peek shows by default: a screenful and some history. */
const DEFAULT_CAPTURE_LINES = 50;
/** Re-scan the socket directories at most this often when they churn. */
const RESCAN_DEBOUNCE_MS = 50;
/** Start-up waits at most this long for the first screen reads. */
const STARTUP_SCREEN_WAIT_MS = 5_000;
/** A hook naming a pane not seen yet is retried after this many server updates. */
const HOOK_RETRIES = 3;

export interface SupervisorOptions {
  env?: Env;
  /** Extra sockets to watch (`--socket`). */
  sockets?: readonly string[];
  /** Project directories whose pipeline runs to watch (`--project-root`). */
  projectRoots?: readonly string[];
  /** How often processes are checked (kept panes, lock holders), and polls considered. */
  tickMs?: number;
  /** Each server's cheap poll interval while output moves. */
  pollMs?: number;
  /** Each server's cheap poll interval while all is quiet. */
  idlePollMs?: number;
  /** The full poll interval of each server. */
  fullPollMs?: number;
  /** Look once and keep nothing running (`list`, `status`). */
  oneShot?: boolean;
  /** Listen for agent hook events (default: yes, unless one-shot). */
  hooks?: boolean;
  /** Keep ended sessions in the config directory (default: yes). */
  keepEnded?: boolean;
  /** Keep restore records of agent sessions (default: yes, unless one-shot). */
  recordRestore?: boolean;
}

export interface WatchTargets {
  sockets: readonly string[];
  projectRoots: readonly string[];
}

export interface SupervisorEvents {
  delta: [SessionsDelta];
  transition: [Transition];
}

/** What a server looks like to the supervisor, live or one-shot. */
interface ServerView {
  readonly socket: string;
  readonly state: ServerState;
  readonly error: string | null;
  readonly checkedAt: number;
  readonly sessions: ReadonlyMap<string, TmuxSessionFacts>;
  readonly runner: TmuxRunner | null;
}

interface StoredHook {
  socket: string;
  paneId: string;
  signal: PaneSignal;
  /** The pane's command when the hook came: a hook stops counting when the agent left the pane. */
  command: string | null;
}

function paneKey(socket: string, paneId: string): string {
  return `${socket}\u0000${paneId}`;
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  private readonly env: Env;
  private readonly oneShot: boolean;
  private readonly store = new SessionStore();
  private readonly monitors = new Map<string, ServerMonitor>();
  private readonly oneShotServers = new Map<string, OneShotServer>();
  private readonly origins = new Map<string, Set<ServerOrigin>>();
  private flagSockets: string[];
  private settingsSockets: string[] = [];
  private flagRoots: string[];
  private settingsRoots: string[] = [];
  private readonly projects = new Map<string, ProjectWatcher>();
  private readonly skill: TmuxSkillSource;
  private readonly schmux: SchmuxSource;
  private readonly screen: ScreenWatcher;
  /** Sessions that vanished, kept until reviewed (issue 16). */
  readonly ended: EndedSessions;
  /** Agent session ids hooks reported, by pane (for restore). */
  private readonly agentIds = new Map<string, string>();
  private readonly restoreRecorder: RestoreRecorder | null;
  private hookServer: HookServer | null = null;
  private readonly hooks = new Map<string, StoredHook>();
  private pendingHooks: { message: HookMessage; tries: number }[] = [];
  private readonly socketWatchers = new Map<string, DirWatcher>();

  /** Where each id's facts come from. */
  private readonly tmuxById = new Map<string, { socket: string; name: string }>();
  private readonly idByTmux = new Map<string, Map<string, string>>();
  private readonly runRefs = new Map<string, { projectDir: string; runName: string }>();
  private readonly maxFromPane = new Map<string, number | null>();
  private skillById = new Map<string, { entry: ReturnType<TmuxSkillSource['entries']>[number] }>();
  private schmuxById = new Map<string, ReturnType<SchmuxSource['sessions']>[number]>();

  private readonly dirty = new Map<string, boolean>();
  private flushQueued = false;
  private readonly rechecks = new Map<string, number>();
  private recheckTimer: NodeJS.Timeout | null = null;
  private recheckAt = Number.POSITIVE_INFINITY;
  /** One tick for every server's cheap poll and the lock holders' pids (a death notifies nobody). */
  private readonly clock: PollClock;
  private stopLockChecks: (() => void) | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private lastServersKey = '';
  /** Reads started on the way (a project found through a session, a pane's MAX): start-up waits for them. */
  private readonly work = new Set<Promise<unknown>>();
  private startedAt = 0;
  private running = false;
  private disposed = false;

  constructor(private readonly options: SupervisorOptions = {}) {
    super();
    this.env = options.env ?? process.env;
    this.oneShot = options.oneShot ?? false;
    this.flagSockets = [...(options.sockets ?? [])].map((s) => resolve(s));
    this.flagRoots = [...(options.projectRoots ?? [])].map((r) => resolve(r));
    this.clock = new PollClock(options.tickMs ?? DEFAULT_TICK_MS);
    this.skill = new TmuxSkillSource(this.env, this.oneShot);
    this.schmux = new SchmuxSource(this.env, this.oneShot);
    this.screen = new ScreenWatcher(
      this.oneShot ? null : (socket, paneId, from) => this.captureLines(socket, paneId, from),
    );
    this.ended = new EndedSessions(
      loopwatchConfigDir(this.env),
      !this.oneShot && (options.keepEnded ?? true),
    );
    this.restoreRecorder =
      !this.oneShot && (options.recordRestore ?? true)
        ? new RestoreRecorder({
            env: this.env,
            runnerFor: (socket) => this.runnerFor(socket),
            hookAgentId: (socket, paneIds) => {
              for (const id of paneIds) {
                const agentId = this.agentIds.get(paneKey(socket, id));
                if (agentId) return agentId;
              }
              return null;
            },
            serverUp: (socket) => this.monitors.get(socket)?.state === 'up',
          })
        : null;
  }

  // -------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------

  /** Start watching; resolves once every server, file and screen found at start-up has been read. */
  async start(): Promise<void> {
    this.startedAt = Date.now();
    if (!this.oneShot) {
      this.screen.on('change', (socket, paneId) => this.onPaneSignal(socket, paneId));
      this.skill.on('change', () => this.onRegistryChange());
      this.schmux.on('change', () => this.onSchmuxChange());
      if (this.options.hooks ?? true) {
        this.hookServer = new HookServer(loopwatchRuntimeDir(this.env));
        this.hookServer.on('message', (message) => this.onHook(message));
        await this.hookServer.start();
      }
    }
    await Promise.all([this.skill.start(), this.schmux.start(), this.ended.load()]);
    this.ended.on('change', (ids) => {
      for (const id of ids) this.markDirty(id, false);
    });
    for (const id of this.ended.rowIds()) this.markDirty(id, true);
    this.indexRegistries();
    this.indexSchmux();
    if (!this.oneShot) for (const dir of this.socketDirs()) this.watchSocketDir(dir);
    await this.rescan();
    await Promise.all(this.projectRootsNow().map((root) => this.ensureProject(root)));
    await this.settleWork();
    if (this.oneShot) await this.readScreensOnce();
    else await this.screen.settle(STARTUP_SCREEN_WAIT_MS);
    this.running = true;
    this.flush();
  }

  /** Apply new extra sockets and project roots from settings (replaces the previous ones). */
  setWatchTargets(targets: WatchTargets): void {
    this.settingsSockets = targets.sockets.map((s) => resolve(s));
    const before = new Set(this.settingsRoots);
    this.settingsRoots = targets.projectRoots.map((r) => resolve(r));
    // Before start(), the targets just wait for it.
    if (this.startedAt === 0 || this.disposed) return;
    for (const root of this.settingsRoots)
      if (!before.has(root)) void this.track(this.ensureProject(root));
    for (const root of before)
      if (!this.settingsRoots.includes(root)) this.dropProjectIfUnused(root);
    void this.rescan();
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Wait until no read started on the way is left (reads may start more reads). */
  private async settleWork(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /** Resolves when the ended sessions and restore records asked for so far are on disk. */
  async settled(): Promise<void> {
    await Promise.all([this.ended.settled(), this.restoreRecorder?.settled()]);
  }

  /** When the supervisor started (ms since the epoch). */
  get started(): number {
    return this.startedAt;
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of [this.rescanTimer, this.recheckTimer]) if (timer) clearTimeout(timer);
    this.clock.dispose();
    for (const watcher of this.socketWatchers.values()) watcher.close();
    this.socketWatchers.clear();
    for (const monitor of this.monitors.values()) monitor.dispose();
    this.monitors.clear();
    for (const project of this.projects.values()) project.dispose();
    this.projects.clear();
    this.skill.dispose();
    this.schmux.dispose();
    this.screen.dispose();
    this.ended.removeAllListeners();
    void this.hookServer?.dispose();
    this.hookServer = null;
    this.removeAllListeners();
  }

  // -------------------------------------------------------------------------
  // Servers
  // -------------------------------------------------------------------------

  private socketDirs(): string[] {
    return [tmuxSocketDir(this.env), ...tmuxSkillSocketDirs(this.env)];
  }

  private watchSocketDir(dir: string): void {
    if (this.socketWatchers.has(dir)) return;
    const watcher = new DirWatcher(dir, () => this.rescanSoon());
    this.socketWatchers.set(dir, watcher);
    watcher.start();
  }

  private rescanSoon(): void {
    if (this.rescanTimer || this.disposed) return;
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = null;
      void this.rescan();
    }, RESCAN_DEBOUNCE_MS);
  }

  private async candidates(): Promise<SocketCandidate[]> {
    const [found, ...skillDirs] = await Promise.all([
      discoverTmuxSockets(this.env),
      ...tmuxSkillSocketDirs(this.env).map((dir) => socketsIn(dir)),
    ]);
    // The default server counts once its socket exists (`found` marks it
    // 'default'); before that there is no server to report as down, and the
    // socket dir watch picks it up when one starts.
    return [
      ...found,
      ...skillDirs.flat().map((socket): SocketCandidate => ({ socket, origin: 'tmuxSkill' })),
      ...this.skill.entries().map(({ entry }): SocketCandidate => ({
        socket: resolve(entry.socket),
        origin: 'tmuxSkill',
      })),
      ...this.schmux.sessions().map((s): SocketCandidate => ({
        socket: schmuxSocketPath(s.tmuxSocket, this.env),
        origin: 'schmux',
      })),
      ...this.flagSockets.map((socket): SocketCandidate => ({ socket, origin: 'flag' })),
      ...this.settingsSockets.map((socket): SocketCandidate => ({ socket, origin: 'settings' })),
    ];
  }

  private async rescan(): Promise<void> {
    const merged = mergeCandidates(await this.candidates());
    if (this.disposed) return;
    const waits: Promise<void>[] = [];
    for (const [socket, origins] of merged) {
      this.origins.set(socket, origins);
      if (this.oneShot) {
        if (!this.oneShotServers.has(socket)) waits.push(this.queryOnce(socket));
        continue;
      }
      const existing = this.monitors.get(socket);
      if (existing) existing.poke();
      else waits.push(this.addMonitor(socket));
    }
    // Sockets nobody names any more (a settings entry removed, a server gone with its socket file).
    for (const socket of [...this.monitors.keys()]) {
      if (merged.has(socket)) continue;
      this.monitors.get(socket)!.dispose();
      this.monitors.delete(socket);
      this.origins.delete(socket);
      this.onServerGone(socket);
    }
    await Promise.all(waits);
    this.emitServersIfChanged();
  }

  private addMonitor(socket: string): Promise<void> {
    const monitor = new ServerMonitor(socket, {
      pollMs: this.options.pollMs,
      idlePollMs: this.options.idlePollMs,
      fullPollMs: this.options.fullPollMs,
      clock: this.clock,
    });
    this.monitors.set(socket, monitor);
    const first = new Promise<void>((resolveFirst) => {
      monitor.on('update', (update) => {
        this.onServerUpdate(monitor, update);
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

  private serverViews(): ServerView[] {
    return this.oneShot ? [...this.oneShotServers.values()] : [...this.monitors.values()];
  }

  private serverView(socket: string): ServerView | null {
    return (this.oneShot ? this.oneShotServers.get(socket) : this.monitors.get(socket)) ?? null;
  }

  private onServerUpdate(monitor: ServerMonitor, update: ServerUpdate): void {
    if (this.disposed) return;
    const now = Date.now();
    this.screen.observe(update.socket, update.panes, now);
    if (update.full) {
      const alive = new Set(update.panes.map((p) => p.id));
      this.screen.retain(update.socket, alive);
      for (const [k, hook] of this.hooks)
        if (hook.socket === update.socket && !alive.has(hook.paneId)) this.hooks.delete(k);
      for (const k of this.agentIds.keys()) {
        const [socket, paneId] = k.split('\u0000');
        if (socket === update.socket && !alive.has(paneId!)) this.agentIds.delete(k);
      }
    }
    this.indexServer(monitor, update.changed, update.removed, monitor.updates === 1);
    if (this.pendingHooks.length > 0) this.retryHooks();
    if (update.full) this.emitServersIfChanged();
  }

  /** Record which ids the server's sessions stand for, and mark what changed. */
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
      this.markDirty(id, false);
    }
    for (const name of changed) {
      const facts = server.sessions.get(name);
      if (!facts) continue;
      const id = this.idForTmux(socket, facts);
      const previous = names.get(name);
      if (previous !== undefined && previous !== id) {
        this.tmuxById.delete(previous);
        this.markDirty(previous, false);
      }
      names.set(name, id);
      this.tmuxById.set(id, { socket, name });
      this.markDirty(id, initial);
    }
  }

  private onServerGone(socket: string): void {
    const names = this.idByTmux.get(socket);
    this.idByTmux.delete(socket);
    this.screen.forgetServer(socket);
    for (const id of names?.values() ?? []) {
      if (this.tmuxById.get(id)?.socket === socket) this.tmuxById.delete(id);
      this.markDirty(id, false);
    }
  }

  private idForTmux(socket: string, facts: TmuxSessionFacts): string {
    const run = pipelineRunName(facts.name);
    if (run === null || facts.path === '') return tmuxSessionId(socket, facts.name);
    const projectDir = resolve(facts.path);
    const id = pipelineSessionId(projectDir, run);
    if (!this.runRefs.has(id)) {
      this.runRefs.set(id, { projectDir, runName: run });
      void this.track(this.ensureProject(projectDir).then((project) => project?.ensureRun(run)));
      void this.track(this.readMaxFromPane(socket, facts, id));
    }
    return id;
  }

  /** MAX from run.sh's arguments: the pane's start command, or its process's argv. */
  private async readMaxFromPane(
    socket: string,
    facts: TmuxSessionFacts,
    id: string,
  ): Promise<void> {
    const pane = facts.panes.find((p) => p.active) ?? facts.panes[0];
    if (!pane) return;
    const runName = this.runRefs.get(id)?.runName;
    let max: number | null = null;
    const runner = this.serverView(socket)?.runner;
    const started = await runner
      ?.run(['display-message', '-p', '-t', pane.id, '#{pane_start_command}'])
      .catch(() => null);
    const fromCommand = started ? runArgsFromCommand(started.trim()) : null;
    if (fromCommand && fromCommand.runName === runName) max = fromCommand.maxIterations;
    if (max === null && pane.pid !== null) {
      const argv = await processArgs(pane.pid);
      const fromArgv = argv ? runArgsFromArgv(argv) : null;
      if (fromArgv && fromArgv.runName === runName) max = fromArgv.maxIterations;
    }
    this.maxFromPane.set(id, max);
    if (max !== null) this.markDirty(id, false);
  }

  servers(): Server[] {
    return this.serverViews()
      .map((view): Server => ({
        socket: view.socket,
        origins: [...(this.origins.get(view.socket) ?? [])],
        state: view.state === 'connecting' ? 'down' : view.state,
        error: view.state === 'connecting' ? 'connecting' : view.error,
        sessionCount: view.sessions.size,
        checkedAt: new Date(view.checkedAt).toISOString(),
      }))
      .sort((a, b) => a.socket.localeCompare(b.socket));
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

  private emitServersIfChanged(): void {
    if (!this.running || this.disposed) return;
    const key = this.serversKey();
    if (key === this.lastServersKey) return;
    this.lastServersKey = key;
    this.emit('delta', { seq: this.store.bump(), upsert: [], remove: [], servers: this.servers() });
  }

  // -------------------------------------------------------------------------
  // Pipeline projects
  // -------------------------------------------------------------------------

  private projectRootsNow(): string[] {
    return [...new Set([...this.flagRoots, ...this.settingsRoots])];
  }

  private async ensureProject(projectDir: string): Promise<ProjectWatcher | null> {
    if (this.disposed) return null;
    const known = this.projects.get(projectDir);
    if (known) return known;
    const project = new ProjectWatcher(projectDir, { oneShot: this.oneShot });
    this.projects.set(projectDir, project);
    project.on('change', (run) => this.onRunChange(projectDir, run));
    await project.start();
    for (const run of project.runs.keys()) this.onRunChange(projectDir, run, true);
    return project;
  }

  private dropProjectIfUnused(projectDir: string): void {
    if (this.projectRootsNow().includes(projectDir)) return;
    const project = this.projects.get(projectDir);
    if (!project) return;
    const live = [...this.runRefs.entries()].some(
      ([id, ref]) => ref.projectDir === projectDir && this.tmuxById.has(id),
    );
    if (live) return;
    project.dispose();
    this.projects.delete(projectDir);
    for (const [id, ref] of this.runRefs) {
      if (ref.projectDir !== projectDir) continue;
      this.runRefs.delete(id);
      this.markDirty(id, false);
    }
  }

  private onRunChange(projectDir: string, runName: string, initial = !this.running): void {
    const id = pipelineSessionId(projectDir, runName);
    if (!this.runRefs.has(id)) this.runRefs.set(id, { projectDir, runName });
    this.markDirty(id, initial);
    this.ensureLockPolling();
  }

  private ensureLockPolling(): void {
    if (this.oneShot || this.stopLockChecks || this.disposed) return;
    if (![...this.projects.values()].some((p) => p.hasLiveHolders)) return;
    this.stopLockChecks = this.clock.add(() => {
      const now = Date.now();
      let live = false;
      for (const project of this.projects.values()) {
        project.checkHolders(now);
        live ||= project.hasLiveHolders;
      }
      if (!live) {
        this.stopLockChecks?.();
        this.stopLockChecks = null;
      }
    });
  }

  // -------------------------------------------------------------------------
  // tmux skill registries, schmux
  // -------------------------------------------------------------------------

  private indexRegistries(): void {
    const before = this.skillById;
    this.skillById = new Map();
    for (const entry of this.skill.entries()) {
      const name = entry.entry.target?.split(':')[0] || entry.entry.name;
      const id = tmuxSessionId(resolve(entry.entry.socket), name);
      if (!this.skillById.has(id)) this.skillById.set(id, { entry });
    }
    for (const id of new Set([...before.keys(), ...this.skillById.keys()]))
      this.markDirty(id, !this.running);
  }

  private onRegistryChange(): void {
    this.indexRegistries();
    void this.rescan();
  }

  private indexSchmux(): void {
    const before = this.schmuxById;
    this.schmuxById = new Map();
    for (const session of this.schmux.sessions()) {
      const id = tmuxSessionId(schmuxSocketPath(session.tmuxSocket, this.env), session.tmuxSession);
      this.schmuxById.set(id, session);
    }
    for (const id of new Set([...before.keys(), ...this.schmuxById.keys()]))
      this.markDirty(id, !this.running);
  }

  private onSchmuxChange(): void {
    this.indexSchmux();
    void this.rescan();
  }

  // -------------------------------------------------------------------------
  // Screens and hooks
  // -------------------------------------------------------------------------

  private captureLines(socket: string, paneId: string, fromLine: number): Promise<string | null> {
    const runner = this.serverView(socket)?.runner;
    if (!runner) return Promise.resolve(null);
    return runner
      .run(['capture-pane', '-p', '-J', '-t', paneId, '-S', String(fromLine)])
      .catch(() => null);
  }

  private async readScreensOnce(): Promise<void> {
    await Promise.all(
      [...this.oneShotServers.values()].map(async (server) => {
        const panes = [...server.sessions.values()].flatMap((s) => s.panes).filter((p) => !p.dead);
        const texts = await server.captureAll(
          panes.map((p) => ({
            paneId: p.id,
            fromLine: Math.max(0, Math.min(p.cursorY, p.height - 1) - SCREEN_LINES),
          })),
        );
        const now = Date.now();
        for (const pane of panes) {
          const text = texts.get(pane.id);
          if (text !== undefined) this.screen.recordText(server.socket, pane, text, now);
        }
      }),
    );
  }

  private sessionIdOfPane(socket: string, paneId: string): string | null {
    const view = this.serverView(socket);
    if (!view) return null;
    for (const facts of view.sessions.values()) {
      if (facts.panes.some((p) => p.id === paneId))
        return this.idByTmux.get(socket)?.get(facts.name) ?? null;
    }
    return null;
  }

  private onPaneSignal(socket: string, paneId: string): void {
    const id = this.sessionIdOfPane(socket, paneId);
    if (id) this.markDirty(id, false);
  }

  private findPane(socket: string, paneId: string): PaneFacts | null {
    for (const facts of this.serverView(socket)?.sessions.values() ?? []) {
      const pane = facts.panes.find((p) => p.id === paneId);
      if (pane) return pane;
    }
    return null;
  }

  /** The pane a hook came from: $TMUX + $TMUX_PANE, else the one live pane in its cwd. */
  private paneOfHook(message: HookMessage): { socket: string; pane: PaneFacts } | null {
    const socket = socketFromTmuxEnv(message.tmux);
    if (socket && message.tmuxPane) {
      const resolved = resolve(socket);
      const pane = this.findPane(resolved, message.tmuxPane);
      if (pane) return { socket: resolved, pane };
    }
    if (!message.cwd) return null;
    const cwd = resolve(message.cwd);
    const matches: { socket: string; pane: PaneFacts }[] = [];
    for (const view of this.serverViews()) {
      for (const facts of view.sessions.values()) {
        for (const pane of facts.panes) {
          if (!pane.dead && resolve(pane.currentPath || facts.path) === cwd)
            matches.push({ socket: view.socket, pane });
        }
      }
    }
    if (matches.length === 1) return matches[0]!;
    const agents = matches.filter((m) => /claude|codex|node/.test(m.pane.currentCommand));
    return agents.length === 1 ? agents[0]! : null;
  }

  private onHook(message: HookMessage): void {
    if (this.disposed) return;
    const verdict = hookVerdict(message);
    if (!verdict) return;
    const target = this.paneOfHook(message);
    if (!target) {
      // Its session may be too new for the last poll: look again and retry.
      this.pendingHooks.push({ message, tries: 0 });
      for (const monitor of this.monitors.values()) monitor.refreshSoon();
      return;
    }
    const { socket, pane } = target;
    const agentId = agentIdFromHookEvent(message.event);
    if (agentId) this.agentIds.set(paneKey(socket, pane.id), agentId);
    this.hooks.set(paneKey(socket, pane.id), {
      socket,
      paneId: pane.id,
      signal: { paneId: pane.id, signal: verdict.signal, agent: verdict.agent },
      command: pane.currentCommand || null,
    });
    this.onPaneSignal(socket, pane.id);
  }

  private retryHooks(): void {
    const pending = this.pendingHooks;
    this.pendingHooks = [];
    for (const item of pending) {
      if (this.paneOfHook(item.message)) this.onHook(item.message);
      else if (item.tries + 1 < HOOK_RETRIES)
        this.pendingHooks.push({ ...item, tries: item.tries + 1 });
    }
  }

  // -------------------------------------------------------------------------
  // Building sessions
  // -------------------------------------------------------------------------

  private markDirty(id: string, initial: boolean): void {
    this.dirty.set(id, (this.dirty.get(id) ?? false) || initial);
    if (!this.running || this.flushQueued || this.disposed) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  private build(id: string, now: number): ReturnType<typeof buildSession> {
    if (isEndedRowId(id)) {
      const row = this.ended.row(id);
      return row ? { session: row, recheckAt: null } : null;
    }
    const ref = this.tmuxById.get(id);
    const view = ref ? this.serverView(ref.socket) : null;
    const facts = ref ? view?.sessions.get(ref.name) : undefined;
    const tmux = ref && facts ? { socket: ref.socket, facts } : null;
    const runRef = this.runRefs.get(id) ?? null;
    const run = runRef
      ? (this.projects.get(runRef.projectDir)?.runs.get(runRef.runName) ?? null)
      : null;
    const skillEntry = this.skillById.get(id);
    const skillSocket = skillEntry ? resolve(skillEntry.entry.entry.socket) : null;
    const skillServer = skillSocket ? this.serverView(skillSocket) : null;
    const schmuxSession = this.schmuxById.get(id);
    const screen: PaneSignal[] = [];
    const hooks: PaneSignal[] = [];
    if (tmux) {
      for (const pane of tmux.facts.panes) {
        const fromScreen = this.screen.signal(tmux.socket, pane.id);
        if (fromScreen) screen.push({ paneId: pane.id, ...fromScreen });
        const hook = this.hooks.get(paneKey(tmux.socket, pane.id));
        if (hook && !pane.dead && (hook.command === null || hook.command === pane.currentCommand)) {
          hooks.push(hook.signal);
        }
      }
    }
    return buildSession({
      id,
      nowMs: now,
      tmux,
      run,
      runRef,
      maxFromPane: this.maxFromPane.get(id) ?? null,
      skill: skillEntry ? { entry: skillEntry.entry, serverUp: skillServer?.state === 'up' } : null,
      skillServer: tmux !== null && (this.origins.get(tmux.socket)?.has('tmuxSkill') ?? false),
      schmux: schmuxSession
        ? { session: schmuxSession, events: this.schmux.agentStates.get(schmuxSession.id) }
        : null,
      screen,
      hooks,
    });
  }

  private flush(): void {
    if (this.disposed) return;
    const now = Date.now();
    const dirty = [...this.dirty];
    this.dirty.clear();
    const upserts: Session[] = [];
    const removals: Removal[] = [];
    const initialIds = new Set<string>();
    for (const [id, initial] of dirty) {
      if (initial) initialIds.add(id);
      const built = this.build(id, now);
      if (!built) {
        this.rechecks.delete(id);
        const before = this.store.get(id);
        // A tmux session that vanished stays, as an ended row of its own, until reviewed.
        if (before?.socket && !before.ended) {
          const row = this.ended.end(
            before,
            lastScreenOf(this.screen, before),
            now,
            existingLogOf(this.env, before),
          );
          upserts.push(row);
          initialIds.add(row.id);
        }
        if (this.store.has(id))
          removals.push({
            id,
            endedReason: id.startsWith('tmux:') || id.startsWith('pipeline:') ? ENDED_REASON : null,
          });
        continue;
      }
      upserts.push(built.session);
      if (built.recheckAt === null) this.rechecks.delete(id);
      else this.rechecks.set(id, built.recheckAt);
    }
    const change = this.store.apply(upserts, removals, now, (id) => initialIds.has(id));
    this.scheduleRecheck(now);
    if (change.delta) {
      this.restoreRecorder?.observe(change.delta.upsert);
      this.emit('delta', change.delta);
    }
    for (const transition of change.transitions) {
      // An ended row appearing is not news: the live row's last transition said it.
      if (!isEndedRowId(transition.sessionId)) this.emit('transition', transition);
    }
  }

  private scheduleRecheck(now: number): void {
    if (this.oneShot || this.disposed) return;
    let next = Number.POSITIVE_INFINITY;
    for (const at of this.rechecks.values()) if (at < next) next = at;
    if (next === this.recheckAt && this.recheckTimer) return;
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
    this.recheckAt = next;
    if (next === Number.POSITIVE_INFINITY) return;
    this.recheckTimer = setTimeout(
      () => {
        this.recheckTimer = null;
        this.recheckAt = Number.POSITIVE_INFINITY;
        const at = Date.now();
        for (const [id, due] of this.rechecks) {
          if (due > at) continue;
          this.rechecks.delete(id);
          this.markDirty(id, false);
        }
        this.scheduleRecheck(at);
      },
      Math.max(0, next - now),
    );
  }

  // -------------------------------------------------------------------------
  // Reading
  // -------------------------------------------------------------------------

  sessions(): Session[] {
    return this.store.all();
  }

  session(id: string): Session | undefined {
    return this.store.get(id);
  }

  snapshot(): Snapshot {
    return {
      seq: this.store.seq,
      generatedAt: new Date().toISOString(),
      servers: this.servers(),
      sessions: this.sessions(),
    };
  }

  /** Why hook events cannot be received, if they cannot (null when listening or not asked to). */
  get hookError(): string | null {
    return this.hookServer?.error ?? null;
  }

  /**
   * Run a tmux command on a watched server over its control connection (no
   * process spawned; in one-shot mode, a short tmux process). Null when
   * that server is not connected.
   */
  runnerFor(socket: string): TmuxRunner | null {
    return this.serverView(socket)?.runner ?? null;
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
}

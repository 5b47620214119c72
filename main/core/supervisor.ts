/**
 * The supervisor: finds every tmux server and every agent session on it,
 * follows each source that knows something about them (tmux itself, the
 * pipeline engine's files, the tmux skill's registries, schmux, agent
 * hooks, the screen), and tells listeners what changed: deltas for the
 * UIs, status transitions for notifications. Pure Node: the CLI, `serve`,
 * the Electron shell and the tests all run it.
 *
 * Each source plugs in through one interface (sources/source.ts); the
 * supervisor composes one set of them (sources/sourceSet.ts), rebuilds the
 * sessions they say changed, keeps the store and emits what changed.
 *
 * Two modes share one code path: live (one control-mode client per server,
 * directory watches, a hook socket) and one-shot (`list`, `status`: short
 * tmux processes and single reads, nothing left running).
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type {
  HostHealth,
  Server,
  Session,
  SessionsDelta,
  Snapshot,
  Transition,
} from '../../preload/contract';
import { ENDED_REASON, EndedSessions, isEndedRowId } from './keep/endedSessions';

import { existingLogOf, lastScreenOf } from './keep/lastScreen';
import { loopwatchConfigDir, type Env } from './paths';
import { RestoreRecorder } from './restore/restoreRecorder';
import type { RuleProblem } from './status/rules/compile';
import type { RuleSet } from './status/rules/ruleSet';
import type { HostConnection } from './hosts/hostConnection';
import type { HostSpec } from './hosts/hostSpec';
import { RemoteHosts } from './hosts/remoteHosts';
import { buildSession } from './sessions/buildSession';
import { SessionStore, type Removal } from './sessions/sessionStore';
import { emptyDraft, type SourceHost } from './sources/source';
import { errorMessage, SourceHealthBoard, type Warn } from './sources/sourceHealth';
import { createSourceSet, type SourceSet } from './sources/sourceSet';
import { PollClock } from './tmux/pollClock';
import { exactSessionPane } from './tmux/quote';
import type { TmuxRunner } from './tmux/runner';
import { DEFAULT_TICK_MS } from './tmux/serverMonitor';

/** A session that went with its tmux server (killed, crashed, or ended by kill-server). */
const SERVER_GONE_REASON = 'its tmux server went away (killed or crashed); exit status unknown';

/** Lines of screen a peek shows by default: a screenful and some history. */
const DEFAULT_CAPTURE_LINES = 50;

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
  /** The user's detection rule files (default `<config dir>/agents`; null: built-in rules only). */
  rulesDir?: string | null;
  /** Where rate-limited warnings about dropped input and failing sources go (default: stderr). */
  warn?: Warn;
  /** Remote hosts to watch over ssh (live mode; `list` and `status` use snapshotWithHosts). */
  hosts?: readonly HostSpec[];
}

export interface WatchTargets {
  sockets: readonly string[];
  projectRoots: readonly string[];
}

export interface SupervisorEvents {
  delta: [SessionsDelta];
  transition: [Transition];
  /** The detection rules were (re)loaded; problems of broken files and rules, if any. */
  rules: [readonly RuleProblem[]];
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  private readonly oneShot: boolean;
  private readonly store = new SessionStore();
  private readonly set: SourceSet;
  private readonly env: Env;
  /** Sessions that vanished, kept until reviewed (issue 16). */
  readonly ended: EndedSessions;
  private readonly restoreRecorder: RestoreRecorder | null;
  /** Sockets from settings now, and those the user stopped watching (their sessions did not end). */
  private settingsSockets: string[] = [];
  private readonly unwatched = new Set<string>();
  private readonly dirty = new Map<string, boolean>();
  private flushQueued = false;
  private readonly rechecks = new Map<string, number>();
  private recheckTimer: NodeJS.Timeout | null = null;
  private recheckAt = Number.POSITIVE_INFINITY;
  /** One tick for every server's cheap poll and the lock holders' pids (a death notifies nobody). */
  private readonly clock: PollClock;
  /** Reads started on the way (a project found through a session, a pane's MAX): start-up waits for them. */
  private readonly work = new Set<Promise<unknown>>();
  private startedAt = 0;
  /** Remote hosts (issue 17), null when none is watched. */
  private readonly remote: RemoteHosts | null;
  private running = false;
  private disposed = false;
  /** Problems per source: counted, warned about (rate-limited), listed in the snapshot. */
  readonly health: SourceHealthBoard;

  constructor(options: SupervisorOptions = {}) {
    super();
    const oneShot = options.oneShot ?? false;
    this.oneShot = oneShot;
    this.env = options.env ?? process.env;
    this.clock = new PollClock(options.tickMs ?? DEFAULT_TICK_MS);
    this.health = new SourceHealthBoard(options.warn);
    this.set = createSourceSet(this.sourceHost(options.env ?? process.env, oneShot), {
      sockets: options.sockets,
      projectRoots: options.projectRoots,
      pollMs: options.pollMs,
      idlePollMs: options.idlePollMs,
      fullPollMs: options.fullPollMs,
      hooks: !oneShot && (options.hooks ?? true),
      onServersChanged: (servers) => {
        this.emit('delta', { seq: this.store.bump(), upsert: [], remove: [], servers });
      },
      screens: {
        rulesDir: options.rulesDir,
        onRules: (problems) => this.emit('rules', problems),
      },
    });
    const hosts = oneShot ? [] : (options.hosts ?? []);
    this.remote = hosts.length > 0 ? new RemoteHosts(hosts, options.env ?? process.env) : null;
    this.ended = new EndedSessions(
      loopwatchConfigDir(this.env),
      !oneShot && (options.keepEnded ?? true),
      (message) => this.health.report('ended sessions', message),
    );
    this.restoreRecorder =
      !oneShot && (options.recordRestore ?? true)
        ? new RestoreRecorder({
            env: this.env,
            runnerFor: (socket, host) =>
              host ? (this.remote?.runnerFor(host, socket) ?? null) : this.runnerFor(socket),
            hookAgentId: (socket, paneIds) => this.set.hooks.agentIdOf(socket, paneIds),
            serverUp: (socket, host) =>
              host
                ? (this.remote?.serverUp(host, socket) ?? false)
                : this.set.servers.view(socket)?.state === 'up',
            report: (message) => this.health.report('restore records', message),
          })
        : null;
  }

  /** The detection rules in force (for `explain`). */
  get rules(): RuleSet {
    return this.set.screens.rules;
  }

  /** What the sources see of the supervisor. */
  private sourceHost(env: Env, oneShot: boolean): SourceHost {
    // Getters: the sources read the supervisor's state as it is now.
    const isRunning = (): boolean => this.running;
    const isDisposed = (): boolean => this.disposed;
    return {
      env,
      oneShot,
      clock: this.clock,
      get running() {
        return isRunning();
      },
      get disposed() {
        return isDisposed();
      },
      changed: (id, initial) => this.markDirty(id, initial),
      rescan: () => void this.track(this.set.servers.rescan()),
      track: (promise) => this.track(promise),
      report: (source, message) => this.health.report(source, message),
      guard: (source, handler) => this.health.guard(source, handler),
    };
  }

  // -------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------

  /** Start watching; resolves once every server, file and screen found at start-up has been read. */
  async start(): Promise<void> {
    this.startedAt = Date.now();
    // Hosts start beside the local sources: a slow host delays only its own first look.
    const hostsStarted = this.remote?.start();
    await this.ended.load();
    this.ended.on('change', (ids) => {
      for (const id of ids) this.markDirty(id, false);
    });
    for (const id of this.ended.rowIds()) this.markDirty(id, true);
    if (!this.oneShot) this.ended.watch();
    for (const source of this.set.sources) await source.start();
    await this.settleWork();
    for (const source of this.set.sources) await source.settle?.();
    await hostsStarted;
    this.running = true;
    this.flush();
    this.remote?.on('delta', (delta) => {
      // Remote agent sessions get restore records too (restore brings them back on their host).
      this.restoreRecorder?.observe(delta.upsert);
      this.restoreRecorder?.removed(delta.remove);
      this.emit('delta', { ...delta, seq: this.store.bump() });
    });
    this.remote?.on('transition', (transition) => this.emit('transition', transition));
    this.remote?.on('health', (hosts) =>
      this.emit('delta', { seq: this.store.bump(), upsert: [], remove: [], hosts }),
    );
  }

  /** Apply new extra sockets and project roots from settings (replaces the previous ones). */
  setWatchTargets(targets: WatchTargets): void {
    const next = targets.sockets.map((socket) => resolve(socket));
    for (const socket of this.settingsSockets)
      if (!next.includes(socket)) this.unwatched.add(socket);
    for (const socket of next) this.unwatched.delete(socket);
    this.settingsSockets = next;
    this.set.servers.setSettingsSockets(targets.sockets);
    this.set.pipelines.setSettingsRoots(targets.projectRoots);
    // Before start(), the targets just wait for it.
    if (this.startedAt === 0 || this.disposed) return;
    for (const source of this.set.sources) source.refresh();
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
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.clock.dispose();
    for (const source of [...this.set.sources].reverse()) source.stop();
    void this.remote?.dispose();
    this.ended.close();
    this.removeAllListeners();
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
      // A listener of 'delta' or 'transition' that throws must not end the supervisor.
      this.health.guard('supervisor', () => this.flush())();
    });
  }

  /** Every source writes its part of the session's inputs, then the status engine decides. */
  private build(id: string, now: number): ReturnType<typeof buildSession> {
    if (isEndedRowId(id)) {
      const row = this.ended.row(id);
      return row ? { session: row, recheckAt: null } : null;
    }
    const draft = emptyDraft();
    for (const source of this.set.sources) source.contribute(id, draft);
    return buildSession({ id, nowMs: now, ...draft });
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
      let built: ReturnType<typeof buildSession>;
      try {
        built = this.build(id, now);
      } catch (error) {
        // One session's bad facts: it keeps its last good state, the others go on.
        this.health.report(`session ${id}`, errorMessage(error));
        continue;
      }
      if (!built) {
        this.rechecks.delete(id);
        const before = this.store.get(id);
        // A tmux session that vanished stays, as an ended row of its own, until reviewed.
        if (before?.socket && !before.ended && !this.unwatched.has(before.socket)) {
          const row = this.ended.end(
            before,
            lastScreenOf(this.set.screens, before),
            now,
            existingLogOf(this.env, before),
          );
          upserts.push(row);
          initialIds.add(row.id);
        }
        if (this.store.has(id))
          removals.push({
            id,
            endedReason:
              id.startsWith('tmux:') || id.startsWith('pipeline:')
                ? this.endedReason(before)
                : null,
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

  servers(): Server[] {
    return [...this.set.servers.servers(), ...(this.remote?.servers() ?? [])];
  }

  sessions(): Session[] {
    const local = this.store.all();
    return this.remote ? [...local, ...this.remote.sessions()] : local;
  }

  session(id: string): Session | undefined {
    return this.store.get(id) ?? this.remote?.session(id);
  }

  /**
   * Why a session's row went. Its server going down with other sessions of it
   * says so (killed, crashed, kill-server); a server's last session ending
   * also takes the server down, and that is the session ending, as before.
   */
  private endedReason(before: Session | undefined): string {
    if (!before?.socket || before.host) return ENDED_REASON;
    if (this.set.servers.view(before.socket)?.state !== 'down') return ENDED_REASON;
    const onServer = this.store
      .all()
      .filter((x) => x.live && !x.host && x.socket === before.socket).length;
    return onServer > 1 ? SERVER_GONE_REASON : ENDED_REASON;
  }

  snapshot(): Snapshot {
    return {
      seq: this.store.seq,
      generatedAt: new Date().toISOString(),
      servers: this.servers(),
      sessions: this.sessions(),
      // Problems counted so far, and the files that cannot be read right now.
      sources: [
        ...this.health.list(),
        ...this.set.sources.flatMap((source) => source.problems?.() ?? []),
        ...(this.remote?.problems() ?? []),
      ],
      ...(this.remote ? { hosts: this.remote.health() } : {}),
    };
  }

  /** How each remote host is (none: no host is watched). */
  hostHealth(): HostHealth[] {
    return this.remote?.health() ?? [];
  }

  /** A watched remote host's shared ssh connection (terminals, actions); null when not watched. */
  hostConnection(host: string): HostConnection | null {
    return this.remote?.connection(host) ?? null;
  }

  /** Close the remote hosts' connections (dispose does it too, without waiting). */
  async closeHosts(): Promise<void> {
    await this.remote?.dispose();
  }

  /** Why hook events cannot be received, if they cannot (null when listening or not asked to). */
  get hookError(): string | null {
    return this.set.hooks.error;
  }

  /**
   * Run a tmux command on a watched server over its control connection (no
   * process spawned; in one-shot mode, a short tmux process). Null when
   * that server is not connected.
   */
  runnerFor(socket: string): TmuxRunner | null {
    return this.set.servers.runnerFor(socket);
  }

  /**
   * The last `lines` lines of a live session's active pane, as plain text
   * (no escape sequences). Null when the session or its server is gone.
   */
  async capturePane(sessionId: string, lines = DEFAULT_CAPTURE_LINES): Promise<string | null> {
    if (this.remote && !this.store.has(sessionId)) return this.remote.capturePane(sessionId, lines);
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

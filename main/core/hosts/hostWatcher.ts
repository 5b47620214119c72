/**
 * One remote host under live watch (`watch`): its tmux servers found over
 * the shared ssh connection, one control-mode client per server (the same
 * ServerMonitor as local, its client run as `ssh ... -- tmux -C attach`),
 * screens read over those clients, sessions built by the same code as local
 * ones and published as deltas and transitions.
 *
 * Health: a server's control client that closes or stops answering (its
 * watchdog) asks for a look at once, and so does the host's beat loop
 * (hostBeat.ts: a line every few seconds while the link lives) when it
 * falls silent or tells of a new server; discovery also runs every
 * PROBE_MS (BEAT_PROBE_MS while the beat runs). Each look is bounded by
 * PROBE_TIMEOUT_MS, so a cut or stalled link is noticed within seconds (not
 * when TCP gives up). Then the host is "unreachable since T", its sessions
 * stay listed with status unknown (not crashed: nothing is known about
 * them), its clients and shared connection are dropped, and it is tried
 * again with backoff (at most BACKOFF_MAX_MS apart, so a returning link is
 * live again within seconds). Each host runs on its own timers and child
 * processes: nothing here waits on another host or on the local supervisor.
 */
import { EventEmitter } from 'node:events';
import type {
  HostHealth,
  Server,
  ServerOrigin,
  Session,
  SessionsDelta,
  SourceHealth,
  Transition,
} from '../../../preload/contract';
import type { Env } from '../paths';
import { SessionStore } from '../sessions/sessionStore';
import type { ScreenWatcher } from '../status/screenWatcher';
import { remoteScreenWatcher } from './remoteScreens';
import { mergeCandidates } from '../tmux/discovery';
import type { TmuxSessionFacts } from '../tmux/formats';
import type { TmuxRunner } from '../tmux/runner';
import { PollClock } from '../tmux/pollClock';
import { DEFAULT_TICK_MS, ServerMonitor } from '../tmux/serverMonitor';
import { HostBeat } from './hostBeat';
import { HostConnection } from './hostConnection';
import type { HostSpec } from './hostSpec';
import { HostRuns } from './hostRuns';
import { buildRemoteRunSession, remotePipelineId, runRefOf } from './hostRunSessions';
import { buildRemoteSession, remoteSessionId } from './hostScan';
import { RemoteDeadExits } from './remoteDeadExits';
import { RemotePaneDeaths } from './remotePaneDeaths';
import { SharedPidWatch } from './remotePidWatch';
import { remoteMachine } from './remoteMachine';
import { discoverRemote } from './remoteDiscovery';
import { HostSourceFiles } from './hostSourceFiles';
import { skillPanePids, sourceOnlySessions, sourceParts } from './hostSourceSessions';
import { HostConnectionError } from './sshErrors';

/**
 * Discovery while the host is up and its beat loop (hostBeat.ts) is not
 * running: new servers, and the liveness of the host. Each look spawns an
 * ssh process: at 2 s it was most of the idle CPU.
 */
const PROBE_MS = 10_000;
/**
 * Discovery while the beat loop runs: it tells new servers and a silent
 * link itself, so a look from here is only a safety net (the tmux version).
 * At 10 s, 10 hosts' looks were 1 ssh process a second, a third of the idle
 * CPU; at 60 s still a tenth of the steady idle CPU.
 */
const BEAT_PROBE_MS = 300_000;
/**
 * The host's pid loop (remotePidWatch.ts): kept panes' processes and lock
 * holders, checked with `kill -0` on the host this often. A crash or a
 * holder's death is told within it (the targets: 500 ms); each round forks
 * one `sleep` on the host.
 */
const PID_CHECK_MS = 250;
/** A heartbeat not answered within this long means the link is cut or stalled. */
const PROBE_TIMEOUT_MS = 4_000;
/** Retries after a failure: 500 ms, doubling, at most this far apart. */
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 3_000;
/** Start-up waits at most this long for a host's first answer (a dead host must not hold `watch`). */
const FIRST_LOOK_MS = 6_000;
/** Polls over ssh: cheap polls a little slower than local (each line crosses the link). */
const REMOTE_POLL_MS = 500;
const REMOTE_IDLE_POLL_MS = 1_000;
/**
 * The cheap poll while all is quiet, once tmux pushes output, bells and
 * deaths (tmux 3.2+, activitySubscription.ts): only a safety net then. At
 * 1 s, 10 hosts' polls were 10 round trips a second through ssh.
 */
const REMOTE_PUSHED_IDLE_POLL_MS = 10_000;
/**
 * The full poll (every field of every pane) while a host's server is
 * quiet: titles are pushed (titleSubscription.ts), output wakes the cheap
 * poll, and a structure change notifies; what is left (a command started
 * in silence, a resize) waits up to this long. At 10 s, 10 hosts x 100
 * sessions parsed and rebuilt one host's sessions every second, most of
 * the supervisor's own idle CPU; at 60 s still a third of the steady idle
 * CPU. While output moves it stays every 10 s.
 */
const REMOTE_IDLE_FULL_POLL_MS = 180_000;

/**
 * One clock for every host's servers (a wake-up per tick for all, not one
 * per server: 10 hosts' own clocks were 80 wake-ups a second). It runs only
 * while some server listens.
 */
const remoteClock = new PollClock(DEFAULT_TICK_MS);

export interface HostWatcherEvents {
  delta: [SessionsDelta];
  transition: [Transition];
  health: [HostHealth];
}

function hhmm(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

export class HostWatcher extends EventEmitter<HostWatcherEvents> {
  /** The host's shared ssh connection (terminals and actions on the host use it too). */
  readonly connection: HostConnection;
  private readonly store = new SessionStore();
  private readonly monitors = new Map<string, ServerMonitor>();
  private origins = new Map<string, Set<ServerOrigin>>();
  private readonly screen: ScreenWatcher;
  /** The host's pipeline runs (its project roots and its pipeline sessions' dirs). */
  private readonly runs: HostRuns;
  /** Exits of dead panes tmux has not reaped yet, read on the host. */
  private readonly deadExits: RemoteDeadExits;
  /** The host's one pid loop: kept panes' processes and lock holders. */
  private readonly pids: SharedPidWatch;
  /** Kept panes' processes watched on the host: a death polls at once. */
  private readonly paneDeaths: RemotePaneDeaths;
  /** The loop on the host telling new servers and beating while the link lives. */
  private readonly beat: HostBeat;
  /** The host's tmux-skill registries and schmux files (they name sockets and add their views). */
  private readonly sourceFiles: HostSourceFiles;
  private healthValue: HostHealth;
  private timer: NodeJS.Timeout | null = null;
  private backoffMs = BACKOFF_MIN_MS;
  private disposed = false;
  private looking = false;
  /** A look was asked for while one ran: look again after it. */
  private lookAgain = false;
  private rebuildQueued = false;
  private firstLook = true;
  /**
   * A server's client closed while the host looked up: is the host gone or
   * only that server? Until the heartbeat sent at once answers, that
   * server's sessions stay as they were (neither ended nor unknown).
   */
  private suspect = false;
  /** False until the first sessions are applied (their transitions are initial). */
  private applied = false;

  constructor(
    readonly host: HostSpec,
    env: Env,
  ) {
    super();
    this.connection = new HostConnection(host, { persist: 'yes' }, env);
    this.screen = remoteScreenWatcher(
      (socket, paneId, from) =>
        this.monitors
          .get(socket)
          ?.runner?.run(['capture-pane', '-p', '-J', '-t', paneId, '-S', String(from)])
          .catch(() => null) ?? Promise.resolve(null),
    );
    this.screen.on('change', () => this.rebuildSoon());
    this.pids = new SharedPidWatch(this.connection, PID_CHECK_MS);
    this.runs = new HostRuns(
      this.connection,
      remoteMachine(this.connection),
      host.projectRoots,
      false,
      this.pids.part('holders'),
    );
    this.runs.on('change', () => this.rebuildSoon());
    this.deadExits = new RemoteDeadExits(this.connection);
    this.deadExits.on('change', () => this.rebuildSoon());
    this.paneDeaths = new RemotePaneDeaths(this.pids.part('panes'));
    this.beat = new HostBeat(this.connection);
    this.beat.on('changed', () => void this.look());
    this.beat.on('silent', () => {
      // The next look that answers starts a new loop.
      this.beat.stop();
      void this.look();
    });
    this.sourceFiles = new HostSourceFiles(this.connection, remoteMachine(this.connection));
    this.sourceFiles.on('change', () => {
      // Before start's first look the sockets named are taken by that look.
      if (!this.firstLook) void this.look();
      this.rebuildSoon();
    });
    const now = new Date().toISOString();
    this.healthValue = {
      name: host.name,
      destination: host.destination,
      state: 'unreachable',
      reason: 'connecting',
      since: now,
      checkedAt: now,
      tmuxVersion: null,
    };
  }

  /** A method, not the field: TypeScript would narrow the field across an await. */
  private isDisposed(): boolean {
    return this.disposed;
  }

  get health(): HostHealth {
    return this.healthValue;
  }

  sessions(): Session[] {
    return this.store.all();
  }

  /** Resolves after the first look (up with its sessions, or why not), bounded by FIRST_LOOK_MS. */
  async start(): Promise<void> {
    await Promise.race([
      // The registries' and schmux's sockets are discovery candidates: looked at again once read.
      Promise.all([
        this.look(),
        this.sourceFiles.start().then(() => {
          if (this.sourceFiles.sockets().length > 0) return this.look();
        }),
        this.runs.start(),
      ]),
      new Promise((resolve) => setTimeout(resolve, FIRST_LOOK_MS).unref()),
    ]);
    await this.screen.settle(FIRST_LOOK_MS);
    this.firstLook = false;
    this.rebuild();
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.look();
    }, ms);
  }

  /** Discovery as the heartbeat: new servers get a monitor, vanished ones lose theirs. */
  private async look(): Promise<void> {
    if (this.disposed) return;
    if (this.looking) {
      this.lookAgain = true;
      return;
    }
    this.looking = true;
    try {
      const found = await discoverRemote(this.connection, PROBE_TIMEOUT_MS);
      if (this.isDisposed()) return;
      if (found.tmuxVersion === null)
        throw new HostConnectionError(
          this.host.name,
          'unreachable',
          'tmux is not installed on the host',
        );
      this.origins = mergeCandidates([...found.sockets, ...this.sourceFiles.sockets()]);
      const firstUpdates: Promise<void>[] = [];
      for (const socket of this.origins.keys())
        if (!this.monitors.has(socket)) firstUpdates.push(this.addMonitor(socket));
      for (const [socket, monitor] of this.monitors) {
        if (this.origins.has(socket)) continue;
        monitor.dispose();
        this.monitors.delete(socket);
        this.screen.forgetServer(socket);
        this.deadExits.forgetServer(socket);
      }
      this.paneDeaths.follow(this.monitors.values());
      await Promise.all(firstUpdates);
      this.setHealth('up', null, found.tmuxVersion);
      this.backoffMs = BACKOFF_MIN_MS;
      this.rebuildSoon();
      this.beat.start();
      this.schedule(this.beat.running ? BEAT_PROBE_MS : PROBE_MS);
    } catch (error) {
      if (this.isDisposed()) return;
      const problem =
        error instanceof HostConnectionError
          ? error
          : new HostConnectionError(this.host.name, 'unreachable', (error as Error).message);
      this.down(problem);
      this.schedule(this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    } finally {
      this.looking = false;
      if (this.lookAgain) {
        this.lookAgain = false;
        void this.look();
      }
      if (this.suspect) {
        this.suspect = false;
        this.rebuildSoon();
      }
    }
  }

  private addMonitor(socket: string): Promise<void> {
    const monitor = new ServerMonitor(socket, {
      client: (s, target) => this.connection.controlClient(s, target),
      // The attach probe (which session is safe to attach to) runs on the host too.
      tmux: (s, args) => this.connection.tmuxRunner(s ?? socket).run(args),
      localPids: false,
      pollMs: REMOTE_POLL_MS,
      idlePollMs: REMOTE_IDLE_POLL_MS,
      idleFullPollMs: REMOTE_IDLE_FULL_POLL_MS,
      pushedIdlePollMs: REMOTE_PUSHED_IDLE_POLL_MS,
      clock: remoteClock,
      backoffMaxMs: BACKOFF_MAX_MS,
    });
    this.monitors.set(socket, monitor);
    const first = new Promise<void>((resolve) => {
      monitor.on('update', (update) => {
        const now = Date.now();
        if (update.state !== 'up' && this.healthValue.state === 'up' && !this.suspect) {
          this.suspect = true;
          void this.look();
        }
        this.screen.observe(update.socket, update.panes, now);
        if (update.full) this.screen.retain(update.socket, new Set(update.panes.map((p) => p.id)));
        this.paneDeaths.follow(this.monitors.values());
        this.rebuildSoon();
        resolve();
      });
    });
    monitor.start();
    return Promise.race([first, new Promise<void>((r) => setTimeout(r, PROBE_TIMEOUT_MS).unref())]);
  }

  private setHealth(
    state: HostHealth['state'],
    reason: string | null,
    tmuxVersion: string | null,
  ): void {
    const now = new Date().toISOString();
    const changed = state !== this.healthValue.state || reason !== this.healthValue.reason;
    this.healthValue = {
      ...this.healthValue,
      state,
      reason,
      since: state === this.healthValue.state ? this.healthValue.since : now,
      checkedAt: now,
      tmuxVersion: tmuxVersion ?? this.healthValue.tmuxVersion,
    };
    if (changed) this.emit('health', this.healthValue);
  }

  /** The host is gone: drop its clients and connection, keep its sessions as unknown. */
  private down(error: HostConnectionError): void {
    this.setHealth(error.problem, error.message, null);
    for (const monitor of this.monitors.values()) monitor.dispose();
    this.monitors.clear();
    this.paneDeaths.follow([]);
    this.beat.stop();
    // The shared connection may be half dead (a stalled link): the next try opens a fresh one.
    void this.connection.close();
    this.rebuild();
  }

  private rebuildSoon(): void {
    if (this.rebuildQueued || this.disposed) return;
    this.rebuildQueued = true;
    setImmediate(() => {
      this.rebuildQueued = false;
      this.rebuild();
    });
  }

  private rebuild(): void {
    if (this.disposed || this.firstLook) return;
    const now = Date.now();
    const next: Session[] = [];
    if (this.healthValue.state === 'up') {
      void this.sourceFiles.checkPids(skillPanePids(this.sourceFiles, this.watchedSessions()));
      for (const [socket, monitor] of this.monitors) {
        if (this.suspect && monitor.state !== 'up') {
          next.push(...this.store.all().filter((s) => s.socket === socket));
          continue;
        }
        const skillServer = this.origins.get(socket)?.has('tmuxSkill') ?? false;
        for (const watched of monitor.sessions.values()) {
          const facts = this.deadExits.fill(socket, watched);
          const ref = runRefOf(facts);
          if (ref) {
            void this.runs.addRoot(ref.projectDir);
            const run = this.runs.run(ref.projectDir, ref.runName);
            const tmux = { socket, facts, skillServer };
            const session = buildRemoteRunSession(this.host.name, ref, run, tmux, this.screen, now);
            if (session) next.push(session);
            continue;
          }
          const session = buildRemoteSession(
            this.host.name,
            socket,
            facts,
            this.screen,
            skillServer,
            now,
            sourceParts(this.sourceFiles, socket, facts.name, monitor.state === 'up'),
          );
          if (session) next.push(session);
        }
      }
      // Sessions a registry or schmux names that are not there (as locally: "missing").
      next.push(...this.sourceOnly(next, now));
      // Runs whose tmux session is gone but whose files remain (done, failed, a dead holder).
      const live = new Set(next.map((s) => s.id));
      for (const run of this.runs.all()) {
        const ref = { projectDir: run.projectDir, runName: run.runName };
        if (live.has(remotePipelineId(this.host.name, ref))) continue;
        const session = buildRemoteRunSession(this.host.name, ref, run, null, this.screen, now);
        if (session) next.push(session);
      }
    } else {
      const why = `host ${this.host.name} ${this.healthValue.state === 'unreachable' ? 'unreachable' : this.healthValue.state} since ${hhmm(this.healthValue.since)}: ${this.healthValue.reason ?? ''}`;
      for (const session of this.store.all()) {
        if (session.status === 'unknown' && session.reason === why) {
          next.push(session);
          continue;
        }
        next.push({ ...session, status: 'unknown', reason: why, evidence: [] });
      }
    }
    const ids = new Set(next.map((s) => s.id));
    const removals = this.store
      .all()
      .filter((s) => !ids.has(s.id))
      .map((s) => ({ id: s.id, endedReason: 'session ended; exit status unknown' }));
    const initial = !this.applied;
    this.applied = true;
    const change = this.store.apply(next, removals, now, () => initial);
    if (change.delta) this.emit('delta', change.delta);
    for (const transition of change.transitions)
      this.emit('transition', { ...transition, host: this.host.name });
  }

  private *watchedSessions(): Generator<{ socket: string; facts: TmuxSessionFacts }> {
    for (const [socket, monitor] of this.monitors)
      for (const facts of monitor.sessions.values()) yield { socket, facts };
  }

  private sourceOnly(built: readonly Session[], now: number): Session[] {
    const up = (socket: string) => this.monitors.get(socket)?.state === 'up';
    // A socket just named has no answer yet: its sessions are not "missing" before it has one.
    const answered = (socket: string) =>
      (this.monitors.get(socket)?.state ?? 'connecting') !== 'connecting';
    const idOf = (socket: string, name: string) => remoteSessionId(this.host.name, socket, name);
    const listed = new Set(built.map((s) => s.id));
    return sourceOnlySessions(this.host.name, this.sourceFiles, listed, up, idOf, now, answered);
  }

  /** The host's registries and schmux state that cannot be used (named with the host and file). */
  problems(): SourceHealth[] {
    // A host that does not answer says so in its health; its files' reads are not problems then.
    return this.healthValue.state === 'up' ? this.sourceFiles.problems() : [];
  }

  /** The last `lines` lines of a session's active pane; null when its server is not connected. */
  async capturePane(session: Session, lines: number): Promise<string | null> {
    if (!session.socket || !session.live || this.healthValue.state !== 'up') return null;
    const runner = this.monitors.get(session.socket)?.runner;
    const pane = session.panes.find((p) => p.active) ?? session.panes[0];
    if (!runner || !pane) return null;
    return runner
      .run(['capture-pane', '-p', '-J', '-t', pane.id, '-S', String(-Math.max(1, lines))])
      .catch(() => null);
  }

  /** One of the host's servers over its control client; null when not connected. */
  runnerFor(socket: string): TmuxRunner | null {
    return this.monitors.get(socket)?.runner ?? null;
  }

  /** The host's tmux servers as the snapshot lists them. */
  servers(): Server[] {
    return [...this.monitors.values()].map((monitor) => ({
      socket: monitor.socket,
      origins: [...(this.origins.get(monitor.socket) ?? [])],
      state: monitor.state === 'connecting' ? 'down' : monitor.state,
      error: monitor.state === 'connecting' ? 'connecting' : monitor.error,
      sessionCount: monitor.sessions.size,
      checkedAt: new Date(monitor.checkedAt).toISOString(),
      host: this.host.name,
    }));
  }

  /** Stop watching and close the shared connection (resolves once it is closed). */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const monitor of this.monitors.values()) monitor.dispose();
    this.monitors.clear();
    this.screen.dispose();
    this.runs.stop();
    this.deadExits.stop();
    this.paneDeaths.stop();
    this.pids.stop();
    this.beat.stop();
    this.beat.removeAllListeners();
    this.sourceFiles.stop();
    this.removeAllListeners();
    await this.connection.close();
  }
}

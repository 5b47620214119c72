/**
 * Keeps one tmux server under watch through one control-mode client.
 *
 * Cost model (the server may hold hundreds of panes):
 * - tmux's own notifications (session or window created, closed, renamed;
 *   a client attached or detached) ask for a full poll at once: a process
 *   ending closes its window, unless remain-on-exit keeps it;
 * - the processes of panes that remain-on-exit keeps are checked on every
 *   tick of the supervisor's clock with a signal-0 syscall (no tmux query):
 *   one that died asks for a poll at once;
 * - a cheap poll (`list-panes -a -f FILTER`, small format: tmux answers only
 *   for panes with output since the last poll, a bell, or a dead process)
 *   every HOT_POLL_MS while some pane's output moves, every IDLE_POLL_MS
 *   while all is quiet: it sees output start and stop (the screen watcher's
 *   cue) and bells;
 * - a full poll (every field, `list-clients`) every DEFAULT_FULL_POLL_MS;
 * - where a poll crosses a link (a remote host), output, bells and deaths
 *   pushed by tmux 3.2+ too (activitySubscription.ts): a change polls at
 *   once, and the idle poll slows to pushedIdlePollMs;
 * - pane titles (a rule region: the agents' cheap status marks) pushed by
 *   tmux 3.2+ through one format subscription (titleSubscription.ts), so a
 *   title set without output (`select-pane -T`, a hook) is seen within about
 *   a second, not at the next full poll; older tmux: the polls carry them;
 * - everything over the one control connection: no process is spawned.
 * It reconnects with backoff when the server goes away.
 */
import { EventEmitter } from 'node:events';
import { lstat } from 'node:fs/promises';
import { ACTIVITY_SUBSCRIBE_ARGS, isActivityChange } from './activitySubscription';
import { ControlClient } from './controlClient';
import { probeControlTarget, type ControlTarget } from './controlTarget';
import { describeServerError, TmuxMissingError } from './errors';
import { execTmux } from './execTmux';
import {
  FAST_PANE_FORMAT,
  fastFilter,
  parseFastLines,
  sessionFactsKey,
  type FastPaneFacts,
  type PaneFacts,
  type TmuxSessionFacts,
} from './formats';
import { PidWatch } from '../proc/processes';
import { PollClock } from './pollClock';
import { querySessions } from './queryServer';
import { stoppedServerMessage } from './stoppedServerMessage';
import {
  mayHaveSubscriptions,
  titleSubscription,
  type TitleSubscription,
} from './titleSubscription';
import type { TmuxRunner } from './runner';

/**
 * The clock's tick: how often kept panes' processes (and, in the
 * supervisor, lock holders) are checked. Bounds how late a death is seen.
 */
export const DEFAULT_TICK_MS = 125;
/**
 * The cheap poll while output moves somewhere on the server: a prompt that
 * follows output is read within a second of it (quiet, then a read).
 */
export const DEFAULT_POLL_MS = 250;
/** The cheap poll while everything is quiet: output starting, a bell, are seen within it. */
export const DEFAULT_IDLE_POLL_MS = 1_000;
/** A server stays "moving" this long after the last change a poll saw. */
const HOT_WINDOW_MS = 3_000;
/** The full poll: catches what no notification reports (a resize, a pane closed in another session's window). */
export const DEFAULT_FULL_POLL_MS = 10_000;
/** Coalesce a burst of notifications (a new session emits several) into one query. */
const NOTIFICATION_DEBOUNCE_MS = 15;
/** Reconnect backoff: first retry quickly (attached session killed), then slow down. */
const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 10_000;
/**
 * tmux 3.3-3.4 with every session's active pane dead: no client may attach
 * (see focusCrash.ts), so the server is read by one-shot commands this often
 * until a session with a live active pane appears.
 */
export const UNSAFE_ATTACH_POLL_MS = 2_000;

/** Notifications after which the session list may have changed. */
const STRUCTURE_NOTIFICATIONS = new Set([
  'sessions-changed',
  'session-renamed',
  'session-window-changed',
  'window-add',
  'window-close',
  'window-renamed',
  'unlinked-window-add',
  'unlinked-window-close',
  'unlinked-window-renamed',
  'layout-change',
  'pane-mode-changed',
  'client-session-changed',
  'client-detached',
]);

export type ServerState = 'connecting' | 'up' | 'down' | 'error';

export interface ServerUpdate {
  socket: string;
  state: ServerState;
  error: string | null;
  /** Names of sessions whose Session-relevant facts changed, new ones included. */
  changed: string[];
  /** Names of sessions gone since the last update. */
  removed: string[];
  /** Panes this poll saw (a full poll: all; a fast poll: those whose screen or state moved). */
  panes: PaneFacts[];
  full: boolean;
}

export interface ServerMonitorEvents {
  update: [ServerUpdate];
}

export interface ServerMonitorOptions {
  /** The cheap poll's interval while output moves. */
  pollMs?: number;
  /** The cheap poll's interval while all is quiet. */
  idlePollMs?: number;
  fullPollMs?: number;
  /**
   * The full poll while nothing has changed on the server for a full
   * poll's interval (default: fullPollMs, as while it moves). What only a
   * full poll sees without output (a resize, a command started without a
   * word) waits up to this long then; output makes the server move again.
   */
  idleFullPollMs?: number;
  /** A clock shared with other monitors (one wake-up for all); default: its own. */
  clock?: PollClock;
  /** Makes the control client; default a local `tmux -C` (a remote host passes its ssh one). */
  client?: (socket: string, target: string | null) => ControlClient;
  /** Runs one-shot tmux commands (the attach probe); default a local tmux process. */
  tmux?: typeof execTmux;
  /**
   * Pane pids are this machine's (default). False for a remote host: its
   * pids mean nothing here, so kept panes are not followed by pid (the
   * polls still see their deaths).
   */
  localPids?: boolean;
  /** Reconnect backoff ceiling (a remote host's owner reconnects it itself). */
  backoffMaxMs?: number;
  /** Subscribe to title changes on tmux 3.2+ (default); false: the polls alone carry titles. */
  titlePush?: boolean;
  /**
   * The cheap poll while all is quiet, once tmux pushes output, bells and
   * deaths (activitySubscription.ts; tmux 3.2+): a change asks for a poll
   * at once, so the idle poll is only a safety net. Unset: no such push,
   * idlePollMs always (the local servers, where a poll costs no link).
   */
  pushedIdlePollMs?: number;
}

export class ServerMonitor extends EventEmitter<ServerMonitorEvents> {
  private client: ControlClient | null = null;
  /** The last probe before attaching (tmux version, and whether it can crash). */
  private target: ControlTarget | null = null;
  /** One-shot mode while no client may attach (an affected server, every active pane dead). */
  private oneShot: TmuxRunner | null = null;
  private connecting = false;
  private stopTicking: (() => void) | null = null;
  private readonly clock: PollClock;
  private readonly ownClock: boolean;
  private debounceTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs = BACKOFF_MIN_MS;
  private disposed = false;
  private querying = false;
  private fullRequested = false;
  private lastFullAt = 0;
  private lastFastAt = 0;
  /** Last time a poll saw some pane change (output, a bell, a death). */
  private lastChangeAt = 0;
  /** A kept pane's process died: poll at the next tick. */
  private pollNow = false;
  private readonly pollMs: number;
  private readonly idlePollMs: number;
  private readonly fullPollMs: number;
  private readonly idleFullPollMs: number;
  /** Processes of live panes that remain-on-exit keeps, by pane id. */
  private readonly keptPids = new Map<string, PidWatch>();
  /** Current facts by session name, and where each pane lives. */
  readonly sessions = new Map<string, TmuxSessionFacts>();
  private readonly keys = new Map<string, string>();
  private readonly paneHome = new Map<string, { session: string; pane: PaneFacts }>();
  state: ServerState = 'connecting';
  error: string | null = null;
  checkedAt = Date.now();
  /** Updates published so far (0: the first one is still to come). */
  updates = 0;

  constructor(
    readonly socket: string,
    private readonly options: ServerMonitorOptions = {},
  ) {
    super();
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.idlePollMs = Math.max(this.pollMs, options.idlePollMs ?? DEFAULT_IDLE_POLL_MS);
    this.fullPollMs = options.fullPollMs ?? DEFAULT_FULL_POLL_MS;
    this.idleFullPollMs = Math.max(this.fullPollMs, options.idleFullPollMs ?? this.fullPollMs);
    this.ownClock = options.clock === undefined;
    this.clock = options.clock ?? new PollClock(DEFAULT_TICK_MS);
  }

  start(): void {
    this.connect();
  }

  /** Run a command on this server over the control connection (null when down). */
  get runner(): TmuxRunner | null {
    if (this.client && !this.client.closed) return this.client;
    return this.oneShot;
  }

  /** Why the socket file is missing while this client stays connected (null: it is there). */
  private socketNote: string | null = null;

  /**
   * The socket file is gone (deleted by hand, a cleanup of /tmp): a deleted
   * socket is not a dead server. While the control client stays connected and
   * the server answers, keep it and its sessions, and say how to get the
   * socket back. False: not connected (or the file is there): let it go.
   */
  async keepWithoutSocket(): Promise<boolean> {
    const client = this.client;
    if (!client || client.closed || this.state !== 'up') return false;
    if (
      await lstat(this.socket).then(
        () => true,
        () => false,
      )
    )
      return false;
    const pid = Number(
      (await client.run(['display-message', '-p', '#{pid}']).catch(() => '')).trim(),
    );
    if (!Number.isInteger(pid) || pid <= 0 || this.client !== client) return false;
    this.socketNote =
      `the socket file ${this.socket} is missing, but its tmux server (pid ${pid}) still runs: ` +
      `\`kill -USR1 ${pid}\` makes tmux create it again`;
    this.error = this.socketNote;
    return true;
  }

  /** The socket file is back: no more note. */
  socketBack(): void {
    if (this.socketNote === null) return;
    this.socketNote = null;
    if (this.error !== null && this.state === 'up') this.error = null;
  }

  /** Reconnect now instead of waiting for the backoff (e.g. the socket file reappeared). */
  poke(): void {
    if (this.disposed || this.connecting || (this.client && !this.client.closed)) return;
    this.clearRetry();
    this.backoffMs = BACKOFF_MIN_MS;
    this.connect();
  }

  /**
   * A pane's process is known to have died (told by something else, e.g. a
   * host's loop over its panes' pids): a cheap poll now, and at the next
   * tick in case one already under way was asked before the death.
   */
  pollSoon(): void {
    if (this.disposed) return;
    this.pollNow = true;
    this.request(false);
  }

  /** Ask for a full poll soon (used on tmux notifications and by other sources). */
  refreshSoon(): void {
    if (this.disposed || this.debounceTimer) return;
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      this.request(true);
    }, NOTIFICATION_DEBOUNCE_MS);
  }

  private connect(): void {
    if (this.disposed || this.connecting) return;
    this.connecting = true;
    // Chosen just before attaching: on tmux 3.3-3.4 the target must be a
    // session whose active pane is alive (attaching to a dead one crashes the server).
    void probeControlTarget(this.socket, this.options.tmux).then((target) => {
      this.connecting = false;
      if (this.disposed) return;
      this.target = target;
      if (target.unresponsive) this.onUnresponsive(target.unresponsive);
      else if (target.down !== undefined) this.onDown(target.down);
      else if (target.unsafe) this.readWithoutAttaching();
      else this.attach(target.session);
    });
  }

  /** Affected server, no session safe to attach to: one-shot reads, then try again. */
  private readWithoutAttaching(): void {
    const runTmux = this.options.tmux ?? execTmux;
    const runner: TmuxRunner = { run: (args) => runTmux(this.socket, args) };
    this.oneShot = runner;
    void querySessions(runner).then(
      (sessions) => {
        if (this.disposed || this.oneShot !== runner) return;
        this.replaceAll('up', null, sessions);
      },
      () => {
        /* the next probe reports a server gone */
      },
    );
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.oneShot = null;
      this.connect();
    }, UNSAFE_ATTACH_POLL_MS);
  }

  /** When the server first stopped answering (kept across retries until it answers). */
  private unresponsiveSince: number | null = null;

  /** Since when its kept sessions are unconfirmed (the server does not answer), or null. */
  get unresponsiveAt(): number | null {
    return this.state === 'error' ? this.unresponsiveSince : null;
  }

  /**
   * Its tmux server process is stopped (seen in /proc while a query waits):
   * say so now, keeping its last known sessions; the waiting query still
   * ends at its deadline and retries as for any server that does not answer.
   */
  markStopped(pid: number): void {
    if (this.disposed) return;
    this.unresponsiveSince ??= Date.now();
    this.replaceAll('error', stoppedServerMessage(pid, this.unresponsiveSince), [
      ...this.sessions.values(),
    ]);
  }

  /** The server accepts connections but does not answer: an error with a since, then retry with backoff. */
  private onUnresponsive(reason: string): void {
    this.unresponsiveSince ??= Date.now();
    // Its last known sessions stay listed: a server that does not answer has not ended them.
    this.replaceAll(
      'error',
      `unresponsive since ${new Date(this.unresponsiveSince).toISOString()}: ${reason}`,
      [...this.sessions.values()],
    );
    this.retryLater();
  }

  /**
   * Nothing answers on the socket: reported without starting a control
   * client (a dead socket costs one short, pooled tmux process per retry).
   */
  private onDown(reason: string): void {
    const message = describeServerError(this.socket, reason);
    const down = /no tmux server is listening/.test(message);
    this.replaceAll(down ? 'down' : 'error', message, []);
    this.retryLater();
  }

  private retryLater(): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
  }

  private attach(session: string | null): void {
    this.oneShot = null;
    const client =
      this.options.client?.(this.socket, session) ?? new ControlClient(this.socket, session);
    let attached = false;
    this.client = client;
    client.on('notification', (name, args) => {
      if (STRUCTURE_NOTIFICATIONS.has(name)) this.refreshSoon();
      else if (name === 'subscription-changed' && this.client === client) {
        if (isActivityChange(args)) this.pollSoon();
        const titles = this.titles?.parse(args);
        if (titles) this.mergeTitles(titles);
      }
    });
    client.on('closed', (reason) => this.onClosed(client, reason, attached));
    client.ready.then(
      () => {
        if (this.client !== client || this.disposed) return;
        attached = true;
        this.backoffMs = BACKOFF_MIN_MS;
        this.unresponsiveSince = null;
        this.request(true);
        this.stopTicking = this.clock.add(() => this.tick());
        this.subscribeTitles(client);
        this.subscribeActivity(client);
      },
      () => {
        /* handled by 'closed' */
      },
    );
  }

  /** Titles pushed by tmux from now on (this client's), when it has subscriptions. */
  titlesPushed = false;
  /** The current client's title subscription (its marker), null when none was asked for. */
  private titles: TitleSubscription | null = null;

  private subscribeTitles(client: ControlClient): void {
    this.titlesPushed = false;
    this.titles = null;
    if (this.options.titlePush === false || !mayHaveSubscriptions(this.target?.version ?? null))
      return;
    const subscription = titleSubscription();
    this.titles = subscription;
    client.run(subscription.args).then(
      () => {
        if (this.client === client) this.titlesPushed = true;
      },
      () => {
        /* tmux before 3.2 (no -B): the polls carry the titles, as they always do */
      },
    );
  }

  /** Output, bells and deaths pushed by tmux (this client's): the idle poll slows to pushedIdlePollMs. */
  activityPushed = false;

  private subscribeActivity(client: ControlClient): void {
    this.activityPushed = false;
    if (
      this.options.pushedIdlePollMs === undefined ||
      !mayHaveSubscriptions(this.target?.version ?? null)
    )
      return;
    client.run(ACTIVITY_SUBSCRIBE_ARGS).then(
      () => {
        if (this.client === client) this.activityPushed = true;
      },
      () => {
        /* tmux before 3.2 (no -B): the idle poll stays at idlePollMs */
      },
    );
  }

  /**
   * Titles tmux pushed: the panes whose title changed are published like a
   * fast poll's (their sessions changed; the screen watcher classifies the
   * new title). Panes not met yet wait for the full poll their news asks for.
   */
  private mergeTitles(titles: ReadonlyMap<string, string>): void {
    const changedSessions = new Set<string>();
    const panes: PaneFacts[] = [];
    for (const [paneId, title] of titles) {
      const home = this.paneHome.get(paneId);
      if (!home || home.pane.title === title) continue;
      home.pane.title = title;
      panes.push(home.pane);
      changedSessions.add(home.session);
    }
    if (panes.length === 0) return;
    for (const name of changedSessions) {
      const facts = this.sessions.get(name);
      if (facts) this.keys.set(name, sessionFactsKey(facts));
    }
    this.checkedAt = Date.now();
    this.publish({ changed: [...changedSessions], removed: [], panes, full: false });
  }

  private onClosed(client: ControlClient, reason: string, wasAttached: boolean): void {
    if (this.client !== client) return;
    this.client = null;
    this.clearPoll();
    if (this.disposed) return;
    if (wasAttached) {
      // tmux ends a control client whose session was killed, though the
      // server lives on: reconnect at once, and report nothing unless that
      // attempt fails (no flapping "server down" for a killed session).
      this.connect();
      return;
    }
    if (/did not answer/.test(reason)) {
      this.onUnresponsive(reason);
      return;
    }
    if (/no sessions/.test(reason)) {
      // A server kept alive without sessions (exit-empty off): up, and empty.
      this.replaceAll('up', null, []);
    } else {
      const missing = reason === new TmuxMissingError().message;
      const down = !missing && /no tmux server|exited|disposed/i.test(reason);
      this.replaceAll(
        down ? 'down' : 'error',
        missing ? reason : describeServerError(this.socket, reason),
        [],
      );
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.backoffMaxMs ?? BACKOFF_MAX_MS);
  }

  /** A full poll is due: every fullPollMs while the server moved lately, else every idleFullPollMs. */
  private fullDue(now: number): boolean {
    const moving = now - this.lastChangeAt < this.fullPollMs;
    return now - this.lastFullAt >= (moving ? this.fullPollMs : this.idleFullPollMs);
  }

  /** Queue a poll; a full one is due on request or every `fullPollMs`. */
  private request(full: boolean): void {
    if (full) this.fullRequested = true;
    void this.poll();
  }

  /** On every clock tick: check kept panes' processes; poll when one died or a poll is due. */
  private tick(): void {
    const now = Date.now();
    for (const [paneId, watch] of this.keptPids) {
      if (watch.alive()) continue;
      watch.close();
      this.keptPids.delete(paneId);
      this.pollNow = true;
    }
    const idle =
      this.activityPushed && this.options.pushedIdlePollMs !== undefined
        ? Math.max(this.idlePollMs, this.options.pushedIdlePollMs)
        : this.idlePollMs;
    const interval = now - this.lastChangeAt < HOT_WINDOW_MS ? this.pollMs : idle;
    if (this.pollNow || now - this.lastFastAt >= interval || this.fullDue(now)) {
      this.pollNow = false;
      this.request(false);
    }
  }

  /** Follow the processes of the live panes remain-on-exit keeps (their deaths notify nobody). */
  private followKeptPanes(panes: readonly PaneFacts[]): void {
    if (this.options.localPids === false) return;
    const keep = new Set<string>();
    for (const pane of panes) {
      if (!pane.keepsDead || pane.dead || pane.pid === null) continue;
      keep.add(pane.id);
      const watch = this.keptPids.get(pane.id);
      if (watch?.pid === pane.pid) continue;
      watch?.close();
      this.keptPids.set(pane.id, new PidWatch(pane.pid));
    }
    for (const [paneId, watch] of this.keptPids) {
      if (keep.has(paneId)) continue;
      watch.close();
      this.keptPids.delete(paneId);
    }
  }

  /** One poll at a time; requests made meanwhile collapse into one follow-up. */
  async refresh(): Promise<void> {
    this.fullRequested = true;
    await this.poll();
  }

  private async poll(): Promise<void> {
    const runner = this.client && !this.client.closed ? this.client : null;
    if (!runner || this.disposed || this.querying) return;
    const now = Date.now();
    const full = this.fullRequested || this.fullDue(now);
    this.querying = true;
    try {
      if (full) {
        this.fullRequested = false;
        this.lastFullAt = now;
        this.lastFastAt = now;
        const sessions = await querySessions(runner);
        // dispose() clears the client, so this also drops answers that arrive after it.
        if (this.client === runner) this.replaceAll('up', null, sessions);
      } else {
        // Output after the last poll began has an activity second at least that poll's second.
        const since = this.lastFastAt / 1000;
        this.lastFastAt = now;
        const output = await runner.run([
          'list-panes',
          '-a',
          '-f',
          fastFilter(since),
          '-F',
          FAST_PANE_FORMAT,
        ]);
        if (this.client === runner) this.mergeFast(parseFastLines(output));
      }
      if (this.client === runner) this.leaveIfActivePaneDied(runner);
    } catch {
      // A failed query on a live client means the server is going away; the
      // client's 'closed' event reports it.
    } finally {
      this.querying = false;
      // A full poll asked for while this one ran (a notification) runs now.
      if (this.fullPending()) void this.poll();
    }
  }

  /**
   * On tmux 3.3-3.4, our client's session's active pane died: any focus
   * change there now crashes the server (the session killed, a window
   * selected), and our client is what keeps that pane focused. Leave at once
   * by the one way that moves no focus (dispose: stdin closed, then SIGKILL)
   * and attach elsewhere.
   */
  private leaveIfActivePaneDied(client: ControlClient): void {
    if (!this.target?.affected || client.closed) return;
    const id = client.attachedSessionId;
    const facts = [...this.sessions.values()].find((s) => s.sessionId === id);
    const active = facts?.panes.find((p) => p.active && p.windowActive);
    if (!active?.dead) return;
    this.client = null;
    this.clearPoll();
    client.dispose();
    this.connect();
  }

  private replaceAll(
    state: ServerState,
    error: string | null,
    sessions: readonly TmuxSessionFacts[],
  ): void {
    // A missing socket file stays said while the server is up without it.
    if (state === 'up') error ??= this.socketNote;
    const changed: string[] = [];
    const seen = new Set<string>();
    const now = Date.now();
    const before = new Map([...this.paneHome].map(([id, home]) => [id, home.pane]));
    this.paneHome.clear();
    for (const facts of sessions) {
      for (const pane of facts.panes) {
        if (!pane.dead) continue;
        const previous = before.get(pane.id);
        pane.deadSeenAt = previous?.deadSeenAt ?? now;
        pane.deadPid ??= previous?.pid ?? previous?.deadPid ?? null;
      }
      seen.add(facts.name);
      const key = sessionFactsKey(facts);
      if (this.keys.get(facts.name) !== key) changed.push(facts.name);
      this.keys.set(facts.name, key);
      this.sessions.set(facts.name, facts);
      for (const pane of facts.panes) this.paneHome.set(pane.id, { session: facts.name, pane });
    }
    // Answering or not changes every session's status (unknown while it does not).
    if ((state === 'error') !== (this.state === 'error'))
      for (const name of seen) if (!changed.includes(name)) changed.push(name);
    const removed = [...this.sessions.keys()].filter((name) => !seen.has(name));
    for (const name of removed) {
      this.sessions.delete(name);
      this.keys.delete(name);
    }
    const stateChanged = state !== this.state || error !== this.error;
    this.state = state;
    this.error = error;
    this.checkedAt = Date.now();
    const panes = sessions.flatMap((s) => s.panes);
    this.followKeptPanes(panes);
    // The first poll's sessions are what is there, not a change: they do not make the server move.
    if (this.updates > 0 && (changed.length > 0 || removed.length > 0))
      this.lastChangeAt = this.checkedAt;
    if (
      this.updates > 0 &&
      !stateChanged &&
      changed.length === 0 &&
      removed.length === 0 &&
      panes.length === 0
    ) {
      return;
    }
    this.publish({ changed, removed, panes, full: true });
  }

  private mergeFast(seen: readonly FastPaneFacts[]): void {
    const changedSessions = new Set<string>();
    const panes: PaneFacts[] = [];
    for (const fast of seen) {
      const home = this.paneHome.get(fast.id);
      if (!home) {
        // A pane we have not met: its session or window is new.
        this.fullRequested = true;
        continue;
      }
      const pane = home.pane;
      const relevant =
        pane.dead !== fast.dead ||
        pane.exitStatus !== fast.exitStatus ||
        pane.exitSignal !== fast.exitSignal ||
        pane.deadAt !== fast.deadAt ||
        pane.windowActivity !== fast.windowActivity ||
        pane.bell !== fast.bell ||
        pane.title !== fast.title;
      const moved =
        pane.cursorX !== fast.cursorX ||
        pane.cursorY !== fast.cursorY ||
        pane.historySize !== fast.historySize;
      if (fast.dead && !pane.dead) {
        pane.deadPid = pane.pid;
        pane.deadSeenAt = Date.now();
      }
      Object.assign(pane, fast);
      if (fast.dead) pane.pid = null;
      // Unchanged panes are not reported: "not reported" means "no change".
      if (relevant || moved) panes.push(pane);
      if (relevant) changedSessions.add(home.session);
    }
    for (const name of changedSessions) {
      const facts = this.sessions.get(name);
      if (!facts) continue;
      facts.lastActivity = facts.panes.reduce<number | null>(
        (max, p) =>
          p.windowActivity !== null && (max === null || p.windowActivity > max)
            ? p.windowActivity
            : max,
        null,
      );
      this.keys.set(name, sessionFactsKey(facts));
    }
    this.checkedAt = Date.now();
    if (panes.length === 0) return;
    this.lastChangeAt = this.checkedAt;
    this.publish({ changed: [...changedSessions], removed: [], panes, full: false });
  }

  private publish(part: Pick<ServerUpdate, 'changed' | 'removed' | 'panes' | 'full'>): void {
    this.updates += 1;
    this.emit('update', { socket: this.socket, state: this.state, error: this.error, ...part });
  }

  private fullPending(): boolean {
    return this.fullRequested && !this.disposed;
  }

  private clearPoll(): void {
    this.stopTicking?.();
    this.stopTicking = null;
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  dispose(): void {
    this.disposed = true;
    this.clearPoll();
    this.clearRetry();
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    this.client?.dispose();
    this.client = null;
    this.oneShot = null;
    for (const watch of this.keptPids.values()) watch.close();
    this.keptPids.clear();
    if (this.ownClock) this.clock.dispose();
    this.removeAllListeners();
  }
}

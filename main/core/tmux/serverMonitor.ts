/**
 * Keeps one tmux server under watch through one control-mode client:
 * connects, polls `list-panes` over the connection, refreshes at once on
 * tmux's own notifications (session or window created, closed, renamed),
 * and reconnects with backoff when the server goes away.
 */
import { EventEmitter } from 'node:events';
import { ControlClient } from './controlClient';
import { describeServerError, TmuxMissingError } from './errors';
import type { TmuxSessionFacts } from './formats';
import { querySessions } from './queryServer';

/** Steady-state poll: catches dead panes and activity, which tmux does not notify. */
export const DEFAULT_POLL_MS = 500;
/** Coalesce a burst of notifications (a new session emits several) into one query. */
const NOTIFICATION_DEBOUNCE_MS = 15;
/** Reconnect backoff: first retry quickly (attached session killed), then slow down. */
const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 10_000;

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
]);

export type ServerState = 'connecting' | 'up' | 'down' | 'error';

export interface ServerReport {
  socket: string;
  state: ServerState;
  error: string | null;
  sessions: TmuxSessionFacts[];
  checkedAt: number;
}

export interface ServerMonitorEvents {
  report: [ServerReport];
}

export interface ServerMonitorOptions {
  pollMs?: number;
}

export class ServerMonitor extends EventEmitter<ServerMonitorEvents> {
  private client: ControlClient | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs = BACKOFF_MIN_MS;
  private disposed = false;
  private querying = false;
  private queryAgain = false;
  private readonly pollMs: number;
  last: ServerReport;

  constructor(
    readonly socket: string,
    options: ServerMonitorOptions = {},
  ) {
    super();
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.last = { socket, state: 'connecting', error: null, sessions: [], checkedAt: Date.now() };
  }

  start(): void {
    this.connect();
  }

  /** Run a command on this server over the control connection (null when down). */
  get runner(): ControlClient | null {
    return this.client && !this.client.closed ? this.client : null;
  }

  /** Reconnect now instead of waiting for the backoff (e.g. the socket file reappeared). */
  poke(): void {
    if (this.disposed || this.runner) return;
    this.clearRetry();
    this.backoffMs = BACKOFF_MIN_MS;
    this.connect();
  }

  /** Ask for a fresh poll soon (used on tmux notifications and by other sources). */
  refreshSoon(): void {
    if (this.disposed || this.debounceTimer) return;
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.refresh();
    }, NOTIFICATION_DEBOUNCE_MS);
  }

  private connect(): void {
    if (this.disposed) return;
    const client = new ControlClient(this.socket);
    let attached = false;
    this.client = client;
    client.on('notification', (name) => {
      if (STRUCTURE_NOTIFICATIONS.has(name)) this.refreshSoon();
    });
    client.on('closed', (reason) => this.onClosed(client, reason, attached));
    client.ready.then(
      () => {
        if (this.client !== client || this.disposed) return;
        attached = true;
        this.backoffMs = BACKOFF_MIN_MS;
        void this.refresh();
        this.pollTimer = setInterval(() => void this.refresh(), this.pollMs);
      },
      () => {
        /* handled by 'closed' */
      },
    );
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
    if (/no sessions/.test(reason)) {
      // A server kept alive without sessions (exit-empty off): up, and empty.
      this.publish({ state: 'up', error: null, sessions: [] });
    } else {
      const missing = reason === new TmuxMissingError().message;
      const down = !missing && /no tmux server|exited|disposed/i.test(reason);
      this.publish({
        state: down ? 'down' : 'error',
        error: missing ? reason : describeServerError(this.socket, reason),
        sessions: [],
      });
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
  }

  /** One poll over the control connection; overlapping requests collapse into one follow-up. */
  async refresh(): Promise<void> {
    const runner = this.runner;
    if (!runner || this.disposed) return;
    if (this.querying) {
      this.queryAgain = true;
      return;
    }
    this.querying = true;
    try {
      const sessions = await querySessions(runner);
      // dispose() clears the client, so this also drops answers that arrive after it.
      if (this.client === runner) {
        this.publish({ state: 'up', error: null, sessions });
      }
    } catch {
      // A failed query on a live client means the server is going away; the
      // client's 'closed' event reports it.
    } finally {
      this.querying = false;
      if (this.queryAgain) {
        this.queryAgain = false;
        void this.refresh();
      }
    }
  }

  private publish(part: Omit<ServerReport, 'socket' | 'checkedAt'>): void {
    this.last = { socket: this.socket, checkedAt: Date.now(), ...part };
    this.emit('report', this.last);
  }

  private clearPoll(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
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
    this.removeAllListeners();
  }
}

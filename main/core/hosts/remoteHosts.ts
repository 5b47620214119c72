/**
 * Every remote host of a live supervisor, side by side: one HostWatcher
 * each (own connection, own timers), their sessions, servers and health
 * read together, their changes passed on. The supervisor composes this
 * with its local sources; nothing here waits on the local side or on
 * another host.
 */
import { EventEmitter } from 'node:events';
import type {
  HostHealth,
  Server,
  Session,
  SessionsDelta,
  SourceHealth,
  Transition,
} from '../../../preload/contract';
import type { Env } from '../paths';
import type { HostSpec } from './hostSpec';
import type { TmuxRunner } from '../tmux/runner';
import type { HostConnection } from './hostConnection';
import { HostWatcher } from './hostWatcher';

export interface RemoteHostsEvents {
  /** A host's sessions changed (`seq` is the host's own: the supervisor renumbers it). */
  delta: [SessionsDelta];
  transition: [Transition];
  /** A host's health changed: every host's health now. */
  health: [HostHealth[]];
}

export class RemoteHosts extends EventEmitter<RemoteHostsEvents> {
  private readonly watchers: HostWatcher[];

  constructor(hosts: readonly HostSpec[], env: Env) {
    super();
    this.watchers = hosts.map((host) => new HostWatcher(host, env));
    for (const watcher of this.watchers) {
      watcher.on('delta', (delta) => this.emit('delta', delta));
      watcher.on('transition', (transition) => this.emit('transition', transition));
      watcher.on('health', () => this.emit('health', this.health()));
    }
  }

  /** Resolves when every host had its first look (each bounded on its own). */
  async start(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.start()));
  }

  sessions(): Session[] {
    return this.watchers.flatMap((w) => w.sessions());
  }

  session(id: string): Session | undefined {
    for (const watcher of this.watchers) {
      const found = watcher.sessions().find((s) => s.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** A watched host's shared connection, for terminals and actions there (null: not watched). */
  connection(host: string): HostConnection | null {
    return this.watchers.find((w) => w.host.name === host)?.connection ?? null;
  }

  /** One of a host's servers, over its control client (null: not connected). */
  runnerFor(host: string, socket: string): TmuxRunner | null {
    return this.watchers.find((w) => w.host.name === host)?.runnerFor(socket) ?? null;
  }

  /** Whether a host's server answers now (its host up, its control client connected). */
  serverUp(host: string, socket: string): boolean {
    const watcher = this.watchers.find((w) => w.host.name === host);
    return (
      watcher?.health.state === 'up' &&
      watcher.servers().some((s) => s.socket === socket && s.state === 'up')
    );
  }

  servers(): Server[] {
    return this.watchers.flatMap((w) => w.servers());
  }

  /** Every host's unusable registries and schmux state, named with the host. */
  problems(): SourceHealth[] {
    return this.watchers.flatMap((w) => w.problems());
  }

  health(): HostHealth[] {
    return this.watchers.map((w) => w.health);
  }

  /** The last lines of a remote session's active pane, over its server's control client. */
  async capturePane(sessionId: string, lines: number): Promise<string | null> {
    for (const watcher of this.watchers) {
      const session = watcher.sessions().find((s) => s.id === sessionId);
      if (session) return watcher.capturePane(session, lines);
    }
    return null;
  }

  async dispose(): Promise<void> {
    this.removeAllListeners();
    await Promise.all(this.watchers.map((w) => w.dispose()));
  }
}

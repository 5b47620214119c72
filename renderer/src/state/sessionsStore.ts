/**
 * The dashboard's copy of the supervisor's sessions: a snapshot on every
 * (re)connect, then deltas in order. A gap in the sequence means a delta was
 * missed, so the store asks for a fresh snapshot. Components read it through
 * useSyncExternalStore; each state is a new object, sessions are replaced
 * whole, so unchanged rows keep their identity.
 */
import type {
  HostHealth,
  Server,
  Session,
  SessionsDelta,
  Snapshot,
} from '../../../preload/contract';
import type { ConnectionState, Transport } from '../api/transport';

export interface SessionsState {
  loaded: boolean;
  connection: ConnectionState;
  seq: number;
  sessions: ReadonlyMap<string, Session>;
  servers: readonly Server[];
  /** Remote hosts and how each is (issue 17); empty when none is watched. */
  hosts: readonly HostHealth[];
  error: string | null;
  /** When the connection to the supervisor was lost (ms), null while connected. */
  disconnectedAt: number | null;
}

const EMPTY: SessionsState = {
  loaded: false,
  disconnectedAt: null,
  connection: 'connecting',
  seq: 0,
  sessions: new Map(),
  servers: [],
  hosts: [],
  error: null,
};

export class SessionsStore {
  private state: SessionsState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private loading = false;
  /** Deltas that arrived while a snapshot was on its way. */
  private buffered: SessionsDelta[] = [];
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly transport: Transport) {
    this.state = { ...EMPTY, connection: transport.connection() };
    this.disposers.push(
      transport.api.onSessionsDelta((delta) => this.onDelta(delta)),
      transport.onConnection((connection) => {
        const lost = connection !== 'open' && this.state.loaded;
        this.set({
          ...this.state,
          connection,
          disconnectedAt: lost ? (this.state.disconnectedAt ?? Date.now()) : null,
        });
        if (connection === 'open') void this.load();
      }),
    );
    if (transport.connection() === 'open' || transport.connection() === 'connecting')
      void this.load();
  }

  getState = (): SessionsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private set(next: SessionsState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  private async load(): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    this.buffered = [];
    try {
      const snapshot = await this.transport.api.getSnapshot();
      this.applySnapshot(snapshot);
      const pending = this.buffered
        .filter((d) => d.seq > snapshot.seq)
        .sort((a, b) => a.seq - b.seq);
      this.buffered = [];
      this.loading = false;
      for (const delta of pending) this.onDelta(delta);
    } catch (error) {
      this.loading = false;
      this.set({ ...this.state, error: (error as Error).message });
    }
  }

  private applySnapshot(snapshot: Snapshot): void {
    // After a reconnect most sessions are unchanged: keep those objects, so
    // their rows do not re-render.
    const previous = this.state.sessions;
    const sessions = new Map<string, Session>();
    for (const session of snapshot.sessions) {
      const before = previous.get(session.id);
      const same = before !== undefined && JSON.stringify(before) === JSON.stringify(session);
      sessions.set(session.id, same ? before : session);
    }
    this.set({
      ...this.state,
      loaded: true,
      error: null,
      seq: snapshot.seq,
      servers: snapshot.servers,
      hosts: snapshot.hosts ?? [],
      sessions,
    });
  }

  private onDelta(delta: SessionsDelta): void {
    if (this.loading) {
      this.buffered.push(delta);
      return;
    }
    if (!this.state.loaded) return;
    if (delta.seq <= this.state.seq) return;
    if (delta.seq !== this.state.seq + 1) {
      void this.load();
      return;
    }
    const sessions = new Map(this.state.sessions);
    for (const id of delta.remove) sessions.delete(id);
    for (const session of delta.upsert) sessions.set(session.id, session);
    this.set({
      ...this.state,
      seq: delta.seq,
      sessions,
      servers: delta.servers ?? this.state.servers,
      hosts: delta.hosts ?? this.state.hosts,
    });
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.listeners.clear();
  }
}

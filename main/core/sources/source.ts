/**
 * The seam between the supervisor and what it follows. Each source (tmux
 * servers, pipeline runs, the tmux skill's registries, schmux, agent hooks,
 * screens) is one SupervisorSource: the supervisor starts and stops it, and
 * the source publishes by naming the sessions whose facts changed
 * (`host.changed`). When the supervisor rebuilds a session, every source in
 * turn writes its part of that session's inputs (`contribute`); the status
 * engine then decides from them all (sessions/buildSession.ts).
 *
 * One set of sources serves one set of tmux servers (sourceSet.ts): a host
 * layer can make one set per host, each with its own SourceHost.
 */
import type { SourceHealth } from '../../../preload/contract';
import type { Env } from '../paths';
import type { SessionInputs } from '../sessions/buildSession';
import type { SocketCandidate } from '../tmux/discovery';
import type { TmuxSessionFacts } from '../tmux/formats';
import type { PollClock } from '../tmux/pollClock';

/** One session's inputs while the sources fill them in, in their set's order. */
export type SessionDraft = Omit<SessionInputs, 'id' | 'nowMs'>;

export function emptyDraft(): SessionDraft {
  return {
    tmux: null,
    run: null,
    runRef: null,
    maxFromPane: null,
    skill: null,
    skillServer: false,
    schmux: null,
    screen: [],
    hooks: [],
  };
}

/** What the supervisor gives every source. */
export interface SourceHost {
  readonly env: Env;
  /** Look once and keep nothing running (`list`, `status`): no watches, no listeners. */
  readonly oneShot: boolean;
  /** One tick shared by everything that polls (one wake-up for all). */
  readonly clock: PollClock;
  /** True once start-up is over: what is found before it is initial and notifies nobody. */
  readonly running: boolean;
  readonly disposed: boolean;
  /** Publish: this session's facts changed; `initial` when found at start-up. */
  changed(id: string, initial: boolean): void;
  /** The tmux sockets some source names changed: look for servers again. */
  rescan(): void;
  /** A read started on the way: start-up waits for it. */
  track<T>(promise: Promise<T>): Promise<T>;
  /** One problem on `source` (a dropped line, an error): counted, warned about, listed (sourceHealth.ts). */
  report(source: string, message: string): void;
  /** A handler whose errors are reported on `source` instead of thrown (one source never ends the rest). */
  guard<A extends unknown[]>(source: string, handler: (...args: A) => void): (...args: A) => void;
}

export interface SupervisorSource {
  /** For messages and the architecture page. */
  readonly name: string;
  /** Read what it knows (and in live mode start watching); resolves when the first read is done. */
  start(): Promise<void>;
  /** After every source started and the reads they began are done: the last start-up step. */
  settle?(): Promise<void>;
  /** Look again now (the watch targets changed). */
  refresh(): void;
  /** Stop watching and let go of everything; no more `changed` calls. */
  stop(): void;
  /** tmux sockets this source knows servers on (a registry names them, a setting lists them). */
  sockets?(): readonly SocketCandidate[];
  /** The id a tmux session stands for, when this source owns it (a pipeline run's session). */
  claim?(socket: string, facts: TmuxSessionFacts): string | null;
  /** Write this source's part of one session's inputs (earlier sources' parts are there). */
  contribute(id: string, draft: SessionDraft): void;
  /** Files it cannot read right now (listed in the snapshot's sources while they last). */
  problems?(): SourceHealth[];
}

/**
 * The tmux skill's registries and schmux's files on one remote host
 * (FIELD.md sections 2 and 3): the host's own files, where the host's
 * environment puts them ($CLAUDE_TMUX_SOCKET_DIR, $TMPDIR, $HOME,
 * $TMUX_TMPDIR), read through the host's Machine by exactly the local
 * readers (registry.ts, stateFile.ts, events.ts): the same caps and parse.
 *
 * One short command per look lists every file (owner, mode, size, mtime)
 * and the host's environment (hostSourceListing.ts); only files whose
 * listing changed are read again. A registry the ssh user does not own, or
 * that others can rewrite (or in such a directory), is refused with why, as
 * locally (files/ownership.ts). Looks are pushed by `inotifywait` on the
 * host where it is installed (remoteDirWatch.ts; a slow safety look
 * besides), and polled every SOURCES_POLL_MS where it is not.
 */
import { EventEmitter } from 'node:events';
import { posix } from 'node:path';
import type { SourceHealth } from '../../../preload/contract';
import type { Machine } from '../machine/machine';
import { readAgentState, type SchmuxEventsRead } from '../sources/schmux/events';
import { schmuxEventsFile } from '../sources/schmux/schmuxSource';
import {
  readSchmuxState,
  schmuxSocketIn,
  type SchmuxSession,
  type SchmuxStateRead,
} from '../sources/schmux/stateFile';
import { currentProblem } from '../sources/sourceHealth';
import { readRegistry, type RegistryRead } from '../sources/tmuxSkill/registry';
import type { SkillEntry } from '../sources/tmuxSkill/skillSource';
import type { SocketCandidate } from '../tmux/discovery';
import type { HostConnection } from './hostConnection';
import {
  LOOK_SCRIPT,
  parseSourceListing,
  remoteFileTrust,
  type ListedFile,
  type SourceListing,
} from './hostSourceListing';
import { RemoteDirWatch } from './remoteDirWatch';

/**
 * Where inotifywait is missing: a look this often (one short ssh command
 * for every file of the host), as for pipeline runs (README: "polled every
 * 3 s"): a registry change shows within seconds at little idle cost.
 */
export const SOURCES_POLL_MS = 3_000;
/**
 * Where inotifywait pushes changes: a safety look this often (a missed
 * event; a registry pane's process become a zombie, which changes no file:
 * the session's own status is pushed by tmux and the host's pid loop, only
 * the skill's "zombie" label waits for it). Each look is an ssh process
 * here: at 30 s, 10 hosts' looks were most of the idle cost left (hostRuns'
 * safety look is 5 min too).
 */
export const PUSHED_SAFETY_MS = 300_000;
/** One look's bound, connecting included (a stalled link must not hold it). */
const LOOK_TIMEOUT_MS = 4_000;
/** The names whose changes matter in a watched dir (others there, e.g. sockets, do not). */
const WATCHED_NAME =
  /^(\.sessions\.json|state\.json|.*\.jsonl|claude-tmux-sockets|claude-tmux|\.schmux|events|state|\.local)$/;

/** A session's key on the host: its socket and tmux session name. */
function key(socket: string, name: string): string {
  return `${socket}\0${name}`;
}

export interface HostSourceKey {
  socket: string;
  name: string;
}

export class HostSourceFiles extends EventEmitter<{ change: [] }> {
  private listing: SourceListing | null = null;
  /** Path to the listing it was last read at (`kind\0path` to `dirStat fileStat`). */
  private readonly readAt = new Map<string, string>();
  private registries = new Map<string, RegistryRead>();
  private schmux: { path: string; read: SchmuxStateRead } | null = null;
  /** Agent state by schmux session id (as schmuxSource.ts keeps it). */
  private readonly agentStates = new Map<string, SchmuxEventsRead>();
  private skillIndex = new Map<string, SkillEntry>();
  private schmuxIndex = new Map<string, SchmuxSession>();
  private timer: NodeJS.Timeout | null = null;
  /** inotifywait on the host over the files' dirs, where it is there. */
  private readonly watcher: RemoteDirWatch;
  private looking: Promise<void> | null = null;
  /** Why the last look got no answer (null: it had one); the files stay as last read. */
  private lookError: string | null = null;
  /** The registry sessions' pane pids (the skill's zombie class), and those gone at the last look. */
  private panePids = new Set<number>();
  private gonePids = new Set<number>();
  private again = false;
  private stopped = false;

  constructor(
    private readonly connection: HostConnection,
    private readonly machine: Machine,
    /** Look once and keep nothing running (`list`, `status`). */
    private readonly oneShot = false,
  ) {
    super();
    this.watcher = new RemoteDirWatch(
      connection,
      (names) => {
        if (names.some((name) => WATCHED_NAME.test(name))) void this.look();
      },
      () => void this.look(),
      // The link dropped or a dir went: poll until the next look starts it again.
      () => this.schedule(SOURCES_POLL_MS),
    );
  }

  /** Resolves after the first look (never throws: a host that does not answer is the watcher's to say). */
  start(): Promise<void> {
    return this.look();
  }

  /** List the files again and read what changed; one look at a time. */
  look(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.looking) {
      this.again = true;
      return this.looking;
    }
    this.looking = this.lookOnce().finally(() => {
      this.looking = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.look();
      }
    });
    return this.looking;
  }

  /** The sockets the registries and schmux name (discovery candidates on the host). */
  sockets(): SocketCandidate[] {
    const out: SocketCandidate[] = [];
    for (const entry of this.skillIndex.values())
      out.push({ socket: posix.normalize(entry.entry.socket), origin: 'tmuxSkill' });
    for (const [k] of this.schmuxIndex) out.push({ socket: k.split('\0')[0]!, origin: 'schmux' });
    return out;
  }

  /** Every session a registry or schmux names, by socket and name. */
  named(): HostSourceKey[] {
    const keys = new Set([...this.skillIndex.keys(), ...this.schmuxIndex.keys()]);
    return [...keys].map((k) => {
      const [socket, name] = k.split('\0') as [string, string];
      return { socket, name };
    });
  }

  /**
   * The pids of the panes the registries' sessions run; checked on the host
   * at each look (a change asks for one now). A zombie pane changes no file:
   * it is seen at the next look (the safety look, or the poll).
   */
  checkPids(pids: Iterable<number>): Promise<void> {
    const next = new Set([...pids].filter((pid) => Number.isInteger(pid) && pid > 0));
    if ([...next].sort().join() === [...this.panePids].sort().join()) return Promise.resolve();
    this.panePids = next;
    return this.listing !== null ? this.look() : Promise.resolve();
  }

  /** Whether a pane's pid runs on the host, as of the last look (unknown: yes). */
  paneAlive(pid: number): boolean {
    return !this.gonePids.has(pid);
  }

  skillEntry(socket: string, name: string): SkillEntry | null {
    return this.skillIndex.get(key(socket, name)) ?? null;
  }

  schmuxOf(
    socket: string,
    name: string,
  ): { session: SchmuxSession; events: SchmuxEventsRead | undefined } | null {
    const session = this.schmuxIndex.get(key(socket, name));
    return session ? { session, events: this.agentStates.get(session.id) } : null;
  }

  /** The host's registries as last looked at, the skill's code location(s) first. */
  registryReads(): [string, RegistryRead][] {
    return [...this.registries];
  }

  /** Files that exist but cannot be used, named with the host and the file. */
  problems(): SourceHealth[] {
    const host = this.connection.host.name;
    const out: SourceHealth[] = [];
    if (this.lookError !== null)
      out.push(
        currentProblem(`host ${host}: tmux skill and schmux files`, `not read: ${this.lookError}`),
      );
    for (const [path, read] of this.registries)
      if (read.state === 'error')
        out.push(currentProblem(`host ${host}: tmux skill registry ${path}`, read.error));
    if (this.schmux?.read.state === 'error')
      out.push(
        currentProblem(`host ${host}: schmux state ${this.schmux.path}`, this.schmux.read.error),
      );
    return out;
  }

  private eventsFiles(): string[] {
    const files: string[] = [];
    for (const s of this.schmuxSessions())
      if (s.workspacePath?.startsWith('/')) files.push(schmuxEventsFile(s.workspacePath, s.id));
    return files;
  }

  private schmuxSessions(): SchmuxSession[] {
    return this.schmux?.read.state === 'ok' ? this.schmux.read.value.sessions : [];
  }

  private async lookOnce(): Promise<void> {
    const events = this.eventsFiles();
    const asked = new Set(this.panePids);
    let listing: SourceListing;
    try {
      listing = parseSourceListing(
        await this.connection.runRemote(
          [
            'sh',
            '-c',
            LOOK_SCRIPT,
            'sh',
            String(events.length),
            ...events,
            ...[...this.panePids].map(String),
          ],
          LOOK_TIMEOUT_MS,
        ),
      );
    } catch (error) {
      // The host is down or slow: the files stay as last read, and the next poll tries again.
      this.lookError = (error as Error).message;
      if (!this.oneShot) this.schedule(SOURCES_POLL_MS);
      return;
    }
    if (this.stopped) return;
    this.lookError = null;
    let changed = this.listing?.tmuxDir !== listing.tmuxDir;
    const gone = new Set(listing.gone.filter((pid) => asked.has(pid)));
    if ([...gone].join() !== [...this.gonePids].join()) changed = true;
    this.gonePids = gone;
    this.listing = listing;
    if (await this.readRegistries(listing)) changed = true;
    if (await this.readSchmux(listing)) changed = true;
    if (this.isStopped()) return;
    if (changed) this.index(listing);
    if (!this.oneShot) this.watch(listing);
    if (changed) this.emit('change');
  }

  /** A method, not the field: TypeScript would narrow the field across an await. */
  private isStopped(): boolean {
    return this.stopped;
  }

  /** Read `file` again at the next look: a read that failed may have been the link, not the file. */
  private unread(file: ListedFile): void {
    this.readAt.delete(`${file.kind}\0${file.path}`);
  }

  /** Whether `file` changed since it was last read (and remember it as read now). */
  private fresh(file: ListedFile): boolean {
    const id = `${file.kind}\0${file.path}`;
    const sig = `${file.dirStat} ${file.fileStat}`;
    if (this.readAt.get(id) === sig) return false;
    this.readAt.set(id, sig);
    return true;
  }

  private async readRegistries(listing: SourceListing): Promise<boolean> {
    const next = new Map<string, RegistryRead>();
    let changed = false;
    for (const file of listing.files.filter((f) => f.kind === 'registry')) {
      const before = this.registries.get(file.path);
      const isFresh = this.fresh(file);
      if (before && !isFresh) {
        next.set(file.path, before);
        continue;
      }
      const trust = remoteFileTrust(listing.uid, file);
      const read: RegistryRead =
        trust.state === 'missing'
          ? { state: 'absent' }
          : trust.state === 'refused'
            ? { state: 'error', error: `${file.path}: ${trust.reason}` }
            : await readRegistry(file.path, this.machine);
      if (read.state === 'error') this.unread(file);
      // The same answer again (a broken file read again) is no change.
      if (JSON.stringify(read) !== JSON.stringify(before)) changed = true;
      next.set(file.path, read);
    }
    if (next.size !== this.registries.size) changed = true;
    this.registries = next;
    return changed;
  }

  private async readSchmux(listing: SourceListing): Promise<boolean> {
    let changed = false;
    const file = listing.files.find((f) => f.kind === 'schmux');
    if (!file) {
      changed = this.schmux !== null;
      this.schmux = null;
    } else if (this.fresh(file) || this.schmux?.path !== file.path) {
      const read: SchmuxStateRead =
        file.fileStat === 'missing'
          ? { state: 'absent' }
          : await readSchmuxState(file.path, this.machine);
      if (read.state === 'error') this.unread(file);
      if (
        this.schmux?.path !== file.path ||
        JSON.stringify(read) !== JSON.stringify(this.schmux.read)
      )
        changed = true;
      this.schmux = { path: file.path, read };
    }
    // Each session's events: read when its file's listing changed, or not listed yet (new).
    const listed = new Map(
      listing.files.filter((f) => f.kind === 'events').map((f) => [f.path, f] as const),
    );
    const ids = new Set<string>();
    await Promise.all(
      this.schmuxSessions().map(async (s) => {
        if (!s.workspacePath?.startsWith('/')) return;
        ids.add(s.id);
        const path = schmuxEventsFile(s.workspacePath, s.id);
        const entry = listed.get(path);
        if (entry && !this.fresh(entry) && this.agentStates.has(s.id)) return;
        if (entry?.fileStat === 'missing') {
          if (this.agentStates.delete(s.id)) changed = true;
          return;
        }
        const read = await readAgentState(path, this.machine);
        if (!read.ok && entry) this.unread(entry);
        if (JSON.stringify(read) !== JSON.stringify(this.agentStates.get(s.id))) changed = true;
        if (!read.ok && read.missing) this.agentStates.delete(s.id);
        else this.agentStates.set(s.id, read);
      }),
    );
    for (const id of [...this.agentStates.keys()])
      if (!ids.has(id)) {
        this.agentStates.delete(id);
        changed = true;
      }
    return changed;
  }

  /** The sessions named, by socket and name (the skill's code location first, as locally). */
  private index(listing: SourceListing): void {
    this.skillIndex = new Map();
    for (const [registry, read] of this.registries) {
      if (read.state !== 'ok') continue;
      for (const entry of read.registry.entries) {
        // A relative socket names nothing on the host (the skill writes absolute paths).
        if (!entry.socket.startsWith('/')) continue;
        const name = entry.target?.split(':')[0] || entry.name;
        const k = key(posix.normalize(entry.socket), name);
        if (!this.skillIndex.has(k)) this.skillIndex.set(k, { registry, entry });
      }
    }
    this.schmuxIndex = new Map();
    if (listing.tmuxDir === '') return;
    for (const s of this.schmuxSessions())
      this.schmuxIndex.set(
        key(posix.normalize(schmuxSocketIn(s.tmuxSocket, listing.tmuxDir)), s.tmuxSession),
        s,
      );
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.look();
    }, ms);
    this.timer.unref();
  }

  /** inotifywait on the host over the files' dirs, when it is there; else the next poll. */
  private watch(listing: SourceListing): void {
    if (listing.inotify) this.watcher.watch(listing.watch);
    this.schedule(this.watcher.active ? PUSHED_SAFETY_MS : SOURCES_POLL_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher.stop();
    this.removeAllListeners();
  }
}

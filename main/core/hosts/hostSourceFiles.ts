/**
 * The tmux skill's registries and schmux's files on one remote host
 * (FIELD.md sections 2 and 3): the host's own files, where the host's
 * environment puts them ($CLAUDE_TMUX_SOCKET_DIR, $TMPDIR, $HOME,
 * $TMUX_TMPDIR), read through the host's Machine by exactly the local
 * readers (registry.ts, stateFile.ts, events.ts): the same caps and parse.
 *
 * One short command per look lists every file (owner, mode, size, mtime)
 * and the host's environment; only files whose listing changed are read
 * again. A registry the ssh user does not own, or that others can rewrite
 * (or in such a directory), is refused with why, as locally
 * (files/ownership.ts). Looks are pushed by `inotifywait` on the host where
 * it is installed (a slow safety look besides), and polled every SOURCES_POLL_MS
 * where it is not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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

/**
 * Where inotifywait is missing: a look this often (one short ssh command
 * for every file of the host), as for pipeline runs (README: "polled every
 * 3 s"): a registry change shows within seconds at little idle cost.
 */
export const SOURCES_POLL_MS = 3_000;
/**
 * Where inotifywait pushes changes: a safety look this often (a missed
 * event; a registry pane's process gone, which changes no file). Each look
 * is an ssh process here: at idle a host already has discovery's every
 * 10 s, and at 15 s these would add two thirds as many again.
 */
export const PUSHED_SAFETY_MS = 30_000;
/** Events arriving together (the skill's temp file, rename and lock) make one look. */
const PUSH_DEBOUNCE_MS = 50;
/** One look's bound, connecting included (a stalled link must not hold it). */
const LOOK_TIMEOUT_MS = 4_000;
/** The names whose changes matter in a watched dir (others there, e.g. sockets, do not). */
const WATCHED_NAME =
  /^(\.sessions\.json|state\.json|.*\.jsonl|claude-tmux-sockets|claude-tmux|\.schmux|events|state|\.local)$/;

/**
 * `sh -c LOOK_SCRIPT sh N EVENTS_FILE... PID...` (N events files, then the
 * pids of the registry sessions' panes): records of four NUL-ended fields.
 * `env NAME VALUE -` for the host's uid, HOME and tmux socket dir;
 * `KIND PATH DIRSTAT FILESTAT` for each registry (the skill's code
 * location(s), then its docs'), schmux's state file and each events file
 * named, where DIRSTAT is `UID MODE` of its directory and FILESTAT is
 * `UID MODE SIZE MTIME TYPE` (either `missing`); `watch DIR - -` for the
 * nearest existing directory of each; `gone PID - -` for each pid with no
 * process (`kill -0`, or /proc/PID for one not ours); `inotify yes|no - -`.
 */
const LOOK_SCRIPT = `
uid=$(id -u)
rec() { printf '%s\\0%s\\0%s\\0%s\\0' "$1" "$2" "$3" "$4"; }
st() { stat -L -c "$1" -- "$2" 2>/dev/null || echo missing; }
one() {
  d=\${2%/*}; [ -n "$d" ] || d=/
  rec "$1" "$2" "$(st '%u %a' "$d")" "$(st '%u %a %s %.3Y %F' "$2")"
  w=$d
  while [ -n "$w" ] && [ ! -d "$w" ]; do case "$w" in */*) w=\${w%/*} ;; *) w= ;; esac; done
  rec watch "\${w:-/}" - -
}
rec env uid "$uid" -
rec env home "\${HOME:-}" -
rec env tmuxdir "\${TMUX_TMPDIR:-/tmp}/tmux-$uid" -
[ -n "\${CLAUDE_TMUX_SOCKET_DIR:-}" ] && one registry "$CLAUDE_TMUX_SOCKET_DIR/.sessions.json"
one registry "\${TMPDIR:-/tmp}/claude-tmux-sockets/.sessions.json"
[ -n "\${HOME:-}" ] && one registry "$HOME/.local/state/claude-tmux/.sessions.json"
[ -n "\${HOME:-}" ] && one schmux "$HOME/.schmux/state.json"
n=$1; shift
for f; do
  if [ "$n" -gt 0 ]; then n=$((n - 1)); one events "$f"
  elif ! kill -0 "$f" 2>/dev/null && [ ! -d "/proc/$f" ]; then rec gone "$f" - -
  fi
done
if command -v inotifywait >/dev/null 2>&1; then i=yes; else i=no; fi
rec inotify "$i" - -
`;

/**
 * `sh -c WATCH_SCRIPT sh DIR...`: inotifywait over the dirs (not
 * recursive), one name per change (`attrib` too: a registry's owner or
 * mode decides whether it is used). It ends when its ssh channel closes
 * (stdin's end), as hostRuns.ts's watch does.
 */
const WATCH_SCRIPT = `
inotifywait -m -q -e close_write,moved_to,moved_from,create,delete,attrib --format %f -- "$@" &
w=$!
cat >/dev/null
kill "$w" 2>/dev/null
`;

export type FileKind = 'registry' | 'schmux' | 'events';

export interface ListedFile {
  kind: FileKind;
  path: string;
  /** `UID MODE` of its directory, or `missing`. */
  dirStat: string;
  /** `UID MODE SIZE MTIME TYPE`, or `missing`. */
  fileStat: string;
}

export interface SourceListing {
  uid: number | null;
  home: string;
  /** `$TMUX_TMPDIR/tmux-UID` on the host: where schmux's `-L` sockets live. */
  tmuxDir: string;
  files: ListedFile[];
  /** Existing dirs holding (or nearest to) the files: what inotifywait may watch. */
  watch: string[];
  /** Pids asked about that have no process on the host. */
  gone: number[];
  inotify: boolean;
}

const KINDS = new Set<string>(['registry', 'schmux', 'events']);

export function parseSourceListing(output: string): SourceListing {
  const fields = output.split('\0');
  const listing: SourceListing = {
    uid: null,
    home: '',
    tmuxDir: '',
    files: [],
    watch: [],
    gone: [],
    inotify: false,
  };
  const seen = new Set<string>();
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const [kind, a, b, c] = [fields[i]!, fields[i + 1]!, fields[i + 2]!, fields[i + 3]!];
    if (kind === 'env') {
      if (a === 'uid') listing.uid = /^\d+$/.test(b) ? Number(b) : null;
      else if (a === 'home') listing.home = b;
      else if (a === 'tmuxdir') listing.tmuxDir = b;
    } else if (kind === 'watch') {
      if (!listing.watch.includes(a)) listing.watch.push(a);
    } else if (kind === 'gone') {
      if (/^\d+$/.test(a)) listing.gone.push(Number(a));
    } else if (kind === 'inotify') listing.inotify = a === 'yes';
    else if (KINDS.has(kind) && !seen.has(`${kind}\0${a}`)) {
      // $CLAUDE_TMUX_SOCKET_DIR may be $TMPDIR/claude-tmux-sockets: one registry, listed once.
      seen.add(`${kind}\0${a}`);
      listing.files.push({ kind: kind as FileKind, path: a, dirStat: b, fileStat: c });
    }
  }
  return listing;
}

/** World-write and group-write bits (files/ownership.ts's rule, judged from the host's stat). */
const WRITABLE_BY_OTHERS = 0o022;
const STICKY = 0o1000;
const ROOT_UID = 0;

export type RemoteTrust =
  { state: 'missing' } | { state: 'ok' } | { state: 'refused'; reason: string };

function modeWords(mode: number): string {
  return `mode ${mode.toString(8).padStart(4, '0')}`;
}

/**
 * Whether a host's registry may be used, from its listing: the file is the
 * ssh user's own regular file that no one else can write, in a directory
 * that is the user's (or root's) and that others cannot rewrite (unless
 * root's and sticky, as /tmp is). Group write is refused too: the host's
 * groups are not known here.
 */
export function remoteFileTrust(uid: number | null, file: ListedFile): RemoteTrust {
  if (file.dirStat === 'missing' || file.fileStat === 'missing') return { state: 'missing' };
  const [dirOwner, dirMode] = file.dirStat
    .split(' ')
    .map((v, i) => (i === 1 ? parseInt(v, 8) : Number(v)));
  const [owner, mode, , , ...type] = file.fileStat.split(' ');
  const dir = posix.dirname(file.path);
  if (uid === null)
    return { state: 'refused', reason: 'the host did not say its user id: ignored' };
  if (dirOwner !== uid && dirOwner !== ROOT_UID)
    return { state: 'refused', reason: `in ${dir}, owned by uid ${dirOwner}: not yours, ignored` };
  if (
    dirMode !== undefined &&
    (dirMode & WRITABLE_BY_OTHERS) !== 0 &&
    !(dirOwner === ROOT_UID && (dirMode & STICKY) !== 0)
  )
    return {
      state: 'refused',
      reason: `in ${dir}, ${modeWords(dirMode)}: writable by other users, ignored`,
    };
  if (type.join(' ') !== 'regular file' && type.join(' ') !== 'regular empty file')
    return { state: 'refused', reason: 'not a file: ignored' };
  if (Number(owner) !== uid)
    return { state: 'refused', reason: `owned by uid ${owner}: not yours, ignored` };
  const fileMode = parseInt(mode ?? '', 8);
  if ((fileMode & WRITABLE_BY_OTHERS) !== 0)
    return { state: 'refused', reason: `${modeWords(fileMode)}: writable by other users, ignored` };
  return { state: 'ok' };
}

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
  private watcher: ChildProcess | null = null;
  private watchedDirs = '';
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
    const dirs = listing.watch.join('\0');
    if (listing.inotify && listing.watch.length > 0 && dirs !== this.watchedDirs) {
      this.watcher?.kill();
      this.watchedDirs = dirs;
      const { file, args } = this.connection.command([
        'sh',
        '-c',
        WATCH_SCRIPT,
        'sh',
        ...listing.watch,
      ]);
      // stdin stays open: its end (we stopped, or the connection went) ends the watch on the host.
      const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
      this.watcher = child;
      let debounce: NodeJS.Timeout | null = null;
      let buffered = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        if (debounce || !lines.some((name) => WATCHED_NAME.test(name))) return;
        debounce = setTimeout(() => {
          debounce = null;
          void this.look();
        }, PUSH_DEBOUNCE_MS);
      });
      child.on('exit', () => {
        if (this.watcher !== child) return;
        // The link dropped or a dir went: poll until the next look starts it again.
        this.watcher = null;
        this.watchedDirs = '';
        this.schedule(SOURCES_POLL_MS);
      });
      child.on('error', () => undefined);
    }
    this.schedule(this.watcher ? PUSHED_SAFETY_MS : SOURCES_POLL_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.kill();
    this.watcher = null;
    this.removeAllListeners();
  }
}

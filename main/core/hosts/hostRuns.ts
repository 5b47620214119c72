/**
 * The pipeline runs of one remote host (FIELD.md section 1): under each of
 * the host's project roots, `.claude/locks/NAME.lock` and
 * `.claude/pipeline-runs/NAME/`, read through the host's Machine by the
 * same readers as local runs (sources/pipeline/runFacts.ts).
 *
 * Changes are found by one short listing per look (every run file's size
 * and mtime, one ssh command for every root of the host); only the parts
 * whose listing changed are read again. Looks are pushed by `inotifywait`
 * on the host where it is installed (its events ask for a look at once,
 * with a slow safety look), and polled every POLL_MS where it is not, and
 * while a root has no run dirs yet (nothing there to watch).
 * Lock holders are re-checked (`kill -0` on the host) every HOLDER_CHECK_MS
 * while a run holds a live one (a holder's death changes no file), by one
 * long-running loop on the host over the connection (remotePidWatch.ts): no
 * process is started here per check, and the loop says only which holders died.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Machine } from '../machine/machine';
import {
  ALL_PARTS,
  emptyRun,
  readRunParts,
  recheckHolder,
  runIsEmpty,
  type RunFacts,
  type RunPart,
} from '../sources/pipeline/runFacts';
import type { HostConnection } from './hostConnection';
import { RemotePidWatch, type PidWatchPart } from './remotePidWatch';

/** Where inotifywait is missing: a look this often (README: "polled every 3 s"). */
export const POLL_MS = 3_000;
/**
 * Where inotifywait pushes changes: a safety look this often (a missed
 * event). A root still without its run dirs is polled every POLL_MS. At
 * 15 s, 10 hosts' safety looks were an ssh process every 1.5 s.
 */
const PUSHED_SAFETY_MS = 300_000;
/**
 * `kill -0` of live lock holders this often, by one loop on the host
 * (remotePidWatch.ts: nothing crosses the link while they live): a dead
 * holder is told within it, well inside the 500 ms a lock death may take.
 */
export const HOLDER_CHECK_MS = 250;
/** Events arriving together (a write-temp-then-rename) make one look. */
const PUSH_DEBOUNCE_MS = 50;

/**
 * `sh -c LIST_SCRIPT sh ROOT...`: for every run file under every root,
 * `ROOT NUL RUN NUL PART NUL SIZE MTIME NUL`; for every run dir that
 * exists, `ROOT NUL - NUL dir NUL PATH NUL` (what inotifywait may watch);
 * and `- NUL - NUL inotify NUL yes|no NUL`.
 */
const LIST_SCRIPT = `
sig() { stat -L -c '%s %.3Y' -- "$1" 2>/dev/null || echo gone; }
for root; do
  for d in "$root/.claude/locks" "$root/.claude/pipeline-runs"; do
    [ -d "$d" ] && printf '%s\\0-\\0dir\\0%s\\0' "$root" "$d"
  done
  for f in "$root/.claude/locks"/*.lock; do
    [ -f "$f" ] || continue
    n=\${f##*/}; n=\${n%.lock}
    case "$n" in *.lock) continue ;; esac
    printf '%s\\0%s\\0lock\\0%s\\0' "$root" "$n" "$(sig "$f")"
  done
  for r in "$root/.claude/pipeline-runs"/*/; do
    [ -d "$r" ] || continue
    r=\${r%/}; n=\${r##*/}
    printf '%s\\0%s\\0rundir\\0-\\0' "$root" "$n"
    for p in state:state.json events:events.jsonl "progress:progress-$n.md"; do
      [ -e "$r/\${p#*:}" ] && printf '%s\\0%s\\0%s\\0%s\\0' "$root" "$n" "\${p%%:*}" "$(sig "$r/\${p#*:}")"
    done
    for b in "$r"/parallel-*; do
      [ -d "$b" ] && printf '%s\\0%s\\0parallel\\0%s\\0' "$root" "$n" "$(find "$b" -type f -exec stat -L -c '%n %s %.3Y' {} + 2>/dev/null | cksum)"
    done
  done
done
if command -v inotifywait >/dev/null 2>&1; then i=yes; else i=no; fi
printf -- '-\\0-\\0inotify\\0%s\\0' "$i"
`;

/**
 * `sh -c WATCH_SCRIPT sh DIR...`: inotifywait over the run dirs, one line
 * per change. It ends when its ssh channel closes: ssh gives a remote
 * command no signal then, and inotifywait would otherwise live on until
 * its next write fails; `cat` sees stdin end and kills it.
 */
const WATCH_SCRIPT = `
inotifywait -m -r -q -e close_write,moved_to,moved_from,create,delete,attrib --format %w -- "$@" &
w=$!
cat >/dev/null
kill "$w" 2>/dev/null
`;

/** Run names as the seeds define them (paths.ts): anything else in those dirs is not a run. */
const RUN_NAME = /^[a-z0-9][a-z0-9-]*$/;

export interface HostListing {
  /** `ROOT\0RUN` to `PART` to its signature. */
  runs: Map<string, Map<string, string>>;
  /** Run dirs that exist (inotifywait watches them). */
  dirs: string[];
  inotify: boolean;
}

export function parseListing(output: string): HostListing {
  const fields = output.split('\0');
  const runs = new Map<string, Map<string, string>>();
  const dirs: string[] = [];
  let inotify = false;
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const [root, run, part, value] = [fields[i]!, fields[i + 1]!, fields[i + 2]!, fields[i + 3]!];
    if (part === 'inotify') inotify = value === 'yes';
    else if (part === 'dir') dirs.push(value);
    else if (RUN_NAME.test(run)) {
      const key = `${root}\0${run}`;
      const parts = runs.get(key) ?? new Map<string, string>();
      parts.set(part, value);
      runs.set(key, parts);
    }
  }
  return { runs, dirs, inotify };
}

/** Which parts of a run to read again, from what its listing said before and now. */
function changedParts(
  before: Map<string, string> | undefined,
  now: Map<string, string>,
): RunPart[] {
  if (!before) return [...ALL_PARTS];
  const parts = new Set<RunPart>();
  for (const part of ALL_PARTS) {
    const key = part === 'parallel' ? 'parallel' : part;
    if (before.get(key) !== now.get(key)) parts.add(part);
  }
  // A new or removed run dir (a run starting over) re-reads what lives in it.
  if (before.has('rundir') !== now.has('rundir'))
    for (const part of ['state', 'events', 'progress', 'parallel'] as const) parts.add(part);
  return [...parts];
}

/** A pid loop of one's own, as a share of nothing else's. */
function ownLoop(connection: HostConnection, intervalMs: number): PidWatchPart {
  const loop = new RemotePidWatch(connection, intervalMs);
  return {
    watch: (pids) => loop.watch(pids),
    onDead: (listener) => loop.on('dead', listener),
    stop: () => loop.stop(),
  };
}

export interface HostRunsEvents {
  /** Some run's facts changed. */
  change: [];
}

export class HostRuns extends EventEmitter<HostRunsEvents> {
  private readonly roots = new Set<string>();
  /** `ROOT\0RUN` to its facts. */
  private readonly facts = new Map<string, RunFacts>();
  private listing: HostListing = { runs: new Map(), dirs: [], inotify: false };
  private timer: NodeJS.Timeout | null = null;
  /** The loop on the host checking live holders (its share of the host's; started on first use). */
  private holderWatch: PidWatchPart | null = null;
  private watcher: ChildProcess | null = null;
  private watchedDirs = '';
  private looking: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly connection: HostConnection,
    private readonly machine: Machine,
    roots: readonly string[],
    /** Look once and keep nothing running (`list`, `status`): no watch, no holder checks. */
    private readonly oneShot = false,
    /** The host's pid loop to share (HostWatcher's); default a loop of its own. */
    private readonly holderLoop: PidWatchPart | null = null,
  ) {
    super();
    for (const root of roots) this.roots.add(root);
  }

  /** Whether changes are pushed by inotifywait on the host (else polled every POLL_MS). */
  get pushed(): boolean {
    return this.watcher !== null;
  }

  /** Watch one more project dir (a pipeline session's); resolves after its first look. */
  addRoot(root: string): Promise<void> {
    if (this.roots.has(root) || this.stopped) return Promise.resolve();
    this.roots.add(root);
    return this.look();
  }

  /** The run `runName` of `projectDir`, when its files say anything. */
  run(projectDir: string, runName: string): RunFacts | null {
    return this.facts.get(`${projectDir}\0${runName}`) ?? null;
  }

  /** Every run with something on disk. */
  all(): RunFacts[] {
    return [...this.facts.values()];
  }

  /** Resolves after the first look (every root listed, every run read). */
  async start(): Promise<void> {
    await this.look();
  }

  /** List the runs' files again and read the parts that changed; one look at a time. */
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

  private async lookOnce(): Promise<void> {
    if (this.roots.size === 0) return;
    let listing: HostListing;
    try {
      listing = parseListing(
        await this.connection.runRemote(['sh', '-c', LIST_SCRIPT, 'sh', ...this.roots]),
      );
    } catch {
      // The host is down or slow: the host watcher says so; runs stay as last read.
      if (!this.oneShot) this.schedule(POLL_MS);
      return;
    }
    if (this.stopped) return;
    const now = Date.now();
    const reads: Promise<void>[] = [];
    let changed = false;
    const keys = new Set([...listing.runs.keys(), ...this.listing.runs.keys()]);
    for (const key of keys) {
      const parts = changedParts(
        this.listing.runs.get(key),
        listing.runs.get(key) ?? new Map<string, string>(),
      );
      if (parts.length === 0) continue;
      const [root, runName] = key.split('\0') as [string, string];
      const run = this.facts.get(key) ?? emptyRun(root, runName, 'claude');
      this.facts.set(key, run);
      changed = true;
      reads.push(readRunParts(run, parts, now, this.machine));
    }
    try {
      await Promise.all(reads);
    } catch {
      // A holder's liveness got no answer (the link): keep the old listing so the next look reads again.
      if (!this.oneShot) this.schedule(POLL_MS);
      return;
    }
    for (const [key, run] of this.facts) if (runIsEmpty(run)) this.facts.delete(key);
    this.listing = listing;
    if (!this.oneShot) {
      this.watch(listing);
      this.checkHoldersSoon();
    }
    if (changed && !this.isStopped()) this.emit('change');
  }

  /** A method, not the field: TypeScript would narrow the field across an await. */
  private isStopped(): boolean {
    return this.stopped;
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

  /** inotifywait on the host over the run dirs, when it is there; else the next poll. */
  private watch(listing: HostListing): void {
    const dirs = listing.dirs.join('\0');
    if (listing.inotify && listing.dirs.length > 0 && dirs !== this.watchedDirs) {
      this.watcher?.kill();
      this.watcher = null;
      this.watchedDirs = dirs;
      const { file, args } = this.connection.command([
        'sh',
        '-c',
        WATCH_SCRIPT,
        'sh',
        ...listing.dirs,
      ]);
      // stdin stays open: its end (we stopped, or the connection went) ends the watch on the host.
      const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
      this.watcher = child;
      let debounce: NodeJS.Timeout | null = null;
      child.stdout.on('data', () => {
        if (debounce) return;
        debounce = setTimeout(() => {
          debounce = null;
          void this.look();
        }, PUSH_DEBOUNCE_MS);
      });
      child.on('exit', () => {
        if (this.watcher !== child) return;
        // The link dropped or the dirs went: poll until the next look starts it again.
        this.watcher = null;
        this.watchedDirs = '';
        this.schedule(POLL_MS);
      });
      child.on('error', () => undefined);
    }
    // A root without both run dirs yet is not watched: its first run is found by the poll.
    const allWatched = [...this.roots].every(
      (root) =>
        listing.dirs.includes(`${root}/.claude/locks`) &&
        listing.dirs.includes(`${root}/.claude/pipeline-runs`),
    );
    this.schedule(this.watcher && allWatched ? PUSHED_SAFETY_MS : POLL_MS);
  }

  /**
   * While some holder is alive: one loop on the host checks them every
   * HOLDER_CHECK_MS and names the dead. Restarted when the live holders
   * change; a loop that ends without naming them (the link) says nothing
   * about them, and the next look starts one again.
   */
  private checkHoldersSoon(): void {
    if (this.stopped) return;
    const pids = this.all()
      .filter((run) => run.holder?.alive)
      .map((run) => run.holder!.pid);
    if (!this.holderWatch && pids.length === 0) return;
    if (!this.holderWatch) {
      const watch = this.holderLoop ?? ownLoop(this.connection, HOLDER_CHECK_MS);
      watch.onDead((gone) => {
        const dead = new Set(gone);
        const now = Date.now();
        let changed = false;
        for (const run of this.all())
          if (recheckHolder(run, now, (pid) => !dead.has(pid))) changed = true;
        if (changed && !this.stopped) this.emit('change');
      });
      this.holderWatch = watch;
    }
    this.holderWatch.watch(pids);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.holderWatch?.stop();
    this.holderWatch = null;
    this.watcher?.kill();
    this.watcher = null;
    this.removeAllListeners();
  }
}

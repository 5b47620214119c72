/**
 * One project directory's pipeline runs, kept current by watching its
 * directories: `.claude/locks/`, `.claude/pipeline-runs/` and each run's
 * directory (state.json is replaced by rename: a watch on the file itself
 * would go silent), plus `.ap/locks/` for the Go successor. A file is
 * re-read only when its directory reports a change; nothing is re-read on
 * a timer. The lock holders' pids are checked with a signal-0 syscall on a
 * short timer (a dying process notifies nobody).
 */
import { EventEmitter } from 'node:events';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DirWatcher } from '../../files/dirWatcher';
import { PidWatch } from '../../proc/processes';
import { locksDir, runNameFromLockFile, runsDir } from './paths';
import { PARALLEL_DIR } from './parallel';
import {
  ALL_PARTS,
  emptyRun,
  readRunParts,
  recheckHolder,
  runIsEmpty,
  type RunFacts,
  type RunPart,
} from './runFacts';

/** Coalesce the few events one write-temp-then-rename makes into one read. */
const READ_DEBOUNCE_MS = 10;

export interface ProjectWatcherEvents {
  /** A run's facts changed (or it appeared or disappeared). */
  change: [runName: string];
}

export interface ProjectWatcherOptions {
  /** Read once, watch nothing (`loopwatch list`, `status`). */
  oneShot?: boolean;
}

function apLocksDir(projectDir: string): string {
  return join(projectDir, '.ap', 'locks');
}

async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

export class ProjectWatcher extends EventEmitter<ProjectWatcherEvents> {
  readonly runs = new Map<string, RunFacts>();
  private readonly dirWatchers = new Map<string, DirWatcher>();
  private readonly pending = new Map<string, Set<RunPart>>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private flushTimer: NodeJS.Timeout | null = null;
  /** Live lock holders followed through their /proc entry (one read per check). */
  private readonly pidWatches = new Map<number, PidWatch>();
  private disposed = false;

  constructor(
    readonly projectDir: string,
    private readonly options: ProjectWatcherOptions = {},
  ) {
    super();
  }

  /** Read every run found on disk; then (unless one-shot) watch for changes. */
  async start(): Promise<void> {
    if (!this.options.oneShot) {
      this.watchDir(locksDir(this.projectDir), (name) => this.onLockEntry(name, 'claude'));
      this.watchDir(runsDir(this.projectDir), (name) => this.onRunsEntry(name));
      this.watchDir(apLocksDir(this.projectDir), (name) => this.onLockEntry(name, 'ap'));
    }
    await this.rescan();
  }

  /** Names of runs with files on disk, from the locks and the run directories. */
  private async rescan(): Promise<void> {
    const [locks, runs, apLocks] = await Promise.all([
      names(locksDir(this.projectDir)),
      names(runsDir(this.projectDir)),
      names(apLocksDir(this.projectDir)),
    ]);
    const found = new Map<string, RunFacts['flavor']>();
    for (const name of apLocks) {
      const run = runNameFromLockFile(name);
      if (run) found.set(run, 'ap');
    }
    for (const name of [...locks.map(runNameFromLockFile), ...runs]) {
      if (name && !name.startsWith('.')) found.set(name, 'claude');
    }
    await Promise.all([...found].map(([run, flavor]) => this.read(run, ALL_PARTS, flavor)));
  }

  /** Ensure a run is known (a tmux session `pipeline-NAME` points at it) and read it. */
  async ensureRun(runName: string): Promise<RunFacts> {
    const known = this.runs.get(runName);
    if (known) return known;
    await this.read(runName, ALL_PARTS, 'claude');
    return this.runs.get(runName)!;
  }

  private watchDir(dir: string, onChange: (name: string | null) => void): void {
    if (this.dirWatchers.has(dir) || this.disposed) return;
    const watcher = new DirWatcher(dir, onChange, this.projectDir);
    this.dirWatchers.set(dir, watcher);
    watcher.start();
  }

  private onLockEntry(name: string | null, flavor: RunFacts['flavor']): void {
    if (name === null) {
      void this.rescan();
      return;
    }
    const run = runNameFromLockFile(name);
    if (run) this.schedule(run, ['lock'], flavor);
  }

  private onRunsEntry(name: string | null): void {
    if (name === null) {
      void this.rescan();
      return;
    }
    // Hidden entries (editor and OS litter) are not runs.
    if (!name.startsWith('.')) this.schedule(name, ALL_PARTS, 'claude');
  }

  private onRunDirEntry(run: string, name: string | null): void {
    if (name === null) return this.schedule(run, ALL_PARTS, 'claude');
    if (name === 'state.json') return this.schedule(run, ['state'], 'claude');
    if (name === 'events.jsonl') return this.schedule(run, ['events'], 'claude');
    if (name === `progress-${run}.md`) return this.schedule(run, ['progress'], 'claude');
    if (PARALLEL_DIR.test(name)) this.schedule(run, ['parallel'], 'claude');
  }

  /** Watch what a run's directory holds: the run dir, and each parallel block's providers. */
  private watchRun(run: RunFacts): void {
    if (this.options.oneShot || run.flavor !== 'claude') return;
    this.watchDir(run.paths.runDir, (name) => this.onRunDirEntry(run.runName, name));
    for (const { block, provider } of run.providers) {
      const blockDir = join(run.paths.runDir, block);
      const parallel = (): void => this.schedule(run.runName, ['parallel'], 'claude');
      this.watchDir(blockDir, parallel);
      this.watchDir(join(blockDir, 'providers'), parallel);
      this.watchDir(join(blockDir, 'providers', provider), parallel);
    }
  }

  private schedule(run: string, parts: readonly RunPart[], flavor: RunFacts['flavor']): void {
    if (this.disposed) return;
    if (!this.runs.has(run)) this.runs.set(run, emptyRun(this.projectDir, run, flavor));
    const set = this.pending.get(run) ?? new Set<RunPart>();
    for (const part of parts) set.add(part);
    this.pending.set(run, set);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      for (const [name, wanted] of this.pending) {
        this.pending.delete(name);
        void this.read(name, [...wanted], this.runs.get(name)?.flavor ?? 'claude');
      }
    }, READ_DEBOUNCE_MS);
  }

  /** Read parts of a run (one read per run at a time; later requests queue behind it). */
  private async read(
    runName: string,
    parts: readonly RunPart[],
    flavor: RunFacts['flavor'],
  ): Promise<void> {
    const previous = this.inFlight.get(runName) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (this.disposed) return;
      const run = this.runs.get(runName) ?? emptyRun(this.projectDir, runName, flavor);
      this.runs.set(runName, run);
      await readRunParts(run, parts);
      if (this.isDisposed()) return;
      if (parts.includes('lock')) this.prunePidWatches();
      this.watchRun(run);
      this.emit('change', runName);
    });
    this.inFlight.set(runName, next);
    await next;
    if (this.inFlight.get(runName) === next) this.inFlight.delete(runName);
  }

  /** Check every live lock holder's pid; emits `change` for each that died. */
  checkHolders(nowMs = Date.now()): void {
    for (const run of this.runs.values()) {
      const pid = run.holder?.alive ? run.holder.pid : null;
      if (pid === null) continue;
      let watch = this.pidWatches.get(pid);
      if (!watch) {
        watch = new PidWatch(pid);
        this.pidWatches.set(pid, watch);
      }
      if (!recheckHolder(run, nowMs, () => watch.alive())) continue;
      watch.close();
      this.pidWatches.delete(pid);
      this.emit('change', run.runName);
    }
  }

  /** Stop following pids that hold no lock any more (a lock replaced, a run gone). */
  private prunePidWatches(): void {
    const holders = new Set<number>();
    for (const run of this.runs.values()) if (run.holder?.alive) holders.add(run.holder.pid);
    for (const [pid, watch] of this.pidWatches) {
      if (holders.has(pid)) continue;
      watch.close();
      this.pidWatches.delete(pid);
    }
  }

  /** True while some lock holder is alive (the caller polls only then). */
  get hasLiveHolders(): boolean {
    for (const run of this.runs.values()) if (run.holder?.alive) return true;
    return false;
  }

  /** Runs that have files on disk. */
  runsOnDisk(): RunFacts[] {
    return [...this.runs.values()].filter((r) => !runIsEmpty(r));
  }

  private isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    this.disposed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const watcher of this.dirWatchers.values()) watcher.close();
    this.dirWatchers.clear();
    for (const watch of this.pidWatches.values()) watch.close();
    this.pidWatches.clear();
    this.removeAllListeners();
  }
}

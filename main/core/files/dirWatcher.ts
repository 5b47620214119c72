/**
 * Watch one directory for changes to its entries (fs.watch, inotify on
 * Linux), tolerating what other programs do to it: the directory may not
 * exist yet (then its nearest existing ancestor is watched until it
 * appears), and it may be deleted and created again (the watch re-arms).
 *
 * Directories are watched, never single files: a watch on a file that is
 * replaced by rename (write-temp-then-rename, how state.json is written)
 * goes silent after the first replace (FIELD.md section 5).
 */
import { watch, type FSWatcher } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

export type DirChange = (name: string | null) => void;

export class DirWatcher {
  private watcher: FSWatcher | null = null;
  private closed = false;
  /** True once `dir` itself is watched (not an ancestor waiting for it). */
  watching = false;

  /**
   * @param dir the directory to watch
   * @param onChange called with the changed entry's name (null when unknown,
   *   and once with null when the directory appears, so the caller re-reads)
   * @param stopAt never watch above this ancestor (e.g. the project dir)
   */
  constructor(
    readonly dir: string,
    private readonly onChange: DirChange,
    private readonly stopAt: string = dirname(dir),
  ) {}

  start(): void {
    this.arm();
  }

  private arm(): void {
    if (this.closed) return;
    this.watcher?.close();
    this.watcher = null;
    this.watching = false;
    try {
      const watcher = watch(this.dir, (_event, name) => this.onEvent(name));
      watcher.on('error', () => this.rearmSoon());
      this.watcher = watcher;
      this.watching = true;
    } catch {
      this.watchAncestor();
    }
  }

  private onEvent(name: string | Buffer | null): void {
    const entry = name === null ? null : String(name);
    // The directory itself was removed or renamed away: inotify reports its own name.
    if (entry === null || entry === basename(this.dir)) {
      void access(this.dir).then(
        () => this.onChange(entry),
        () => {
          this.onChange(null);
          this.arm();
        },
      );
      return;
    }
    this.onChange(entry);
  }

  /** Wait for `dir` to appear by watching the nearest existing ancestor below `stopAt`. */
  private watchAncestor(): void {
    const steps = relative(this.stopAt, this.dir).split(sep).filter(Boolean);
    if (steps.length === 0 || steps[0] === '..') return;
    for (let depth = steps.length - 1; depth >= 0; depth -= 1) {
      const parent = join(this.stopAt, ...steps.slice(0, depth));
      const next = steps[depth]!;
      try {
        const watcher = watch(parent, (_event, name) => {
          if (name !== null && name !== next) return;
          this.arm();
          // The directory (or a step towards it) appeared: re-read what it holds.
          if (this.watching) this.onChange(null);
        });
        watcher.on('error', () => this.rearmSoon());
        this.watcher = watcher;
        // It may have appeared between the failed watch and this one.
        void access(this.dir).then(
          () => {
            if (this.watcher !== watcher) return;
            this.arm();
            if (this.watching) this.onChange(null);
          },
          () => undefined,
        );
        return;
      } catch {
        /* this ancestor does not exist either: go one up */
      }
    }
  }

  private rearmSoon(): void {
    this.watcher?.close();
    this.watcher = null;
    // Re-arm on the next turn: the error may come from the directory vanishing.
    setImmediate(() => this.arm());
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
  }
}

/**
 * The tmux skill's registries, both locations (its code writes
 * SOCKET_DIR/.sessions.json, its docs say ~/.local/state/claude-tmux/),
 * kept current by watching their directories.
 */
import { EventEmitter } from 'node:events';
import { basename, dirname } from 'node:path';
import { DirWatcher } from '../../files/dirWatcher';
import { checkOwnedFile } from '../../files/ownership';
import { homeDir, tmuxSkillRegistries, type Env } from '../../paths';
import { readRegistry, type RegistryEntry, type RegistryRead } from './registry';

const REGISTRY_FILE = '.sessions.json';
/** Coalesce the writes of one registry update (temp file, rename, lock file). */
const READ_DEBOUNCE_MS = 20;

export interface SkillEntry {
  registry: string;
  entry: RegistryEntry;
}

/** A registry another user owns (or can rewrite) names their sockets, not ours: refused with why. */
async function readTrustedRegistry(path: string): Promise<RegistryRead> {
  const verdict = await checkOwnedFile(path);
  if (!verdict.ok) return { state: 'error', error: `${path}: ${verdict.reason}` };
  return readRegistry(path);
}

export class TmuxSkillSource extends EventEmitter<{ change: [] }> {
  readonly registries = new Map<string, RegistryRead>();
  private readonly watchers: DirWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    private readonly env: Env,
    private readonly oneShot = false,
  ) {
    super();
  }

  get paths(): string[] {
    return tmuxSkillRegistries(this.env);
  }

  async start(): Promise<void> {
    if (!this.oneShot) {
      for (const path of this.paths) {
        const watcher = new DirWatcher(
          dirname(path),
          (name) => {
            if (name === null || name === REGISTRY_FILE) this.readSoon();
          },
          // The docs' location lives under HOME; socket dirs under TMPDIR or their own root.
          path.startsWith(homeDir(this.env)) ? homeDir(this.env) : dirname(dirname(path)),
        );
        watcher.start();
        this.watchers.push(watcher);
      }
    }
    await this.readAll();
  }

  private readSoon(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.readAll().then(() => {
        if (!this.disposed) this.emit('change');
      });
    }, READ_DEBOUNCE_MS);
  }

  private async readAll(): Promise<void> {
    const reads = await Promise.all(
      this.paths.map(async (p) => [p, await readTrustedRegistry(p)] as const),
    );
    for (const [path, read] of reads) this.registries.set(path, read);
  }

  /** Every readable entry, with the registry it came from (the code's location first). */
  entries(): SkillEntry[] {
    const out: SkillEntry[] = [];
    for (const [registry, read] of this.registries) {
      if (read.state !== 'ok') continue;
      for (const entry of read.registry.entries) out.push({ registry, entry });
    }
    return out;
  }

  /** Registries that exist but cannot be used, with why. */
  problems(): { registry: string; error: string }[] {
    const out: { registry: string; error: string }[] = [];
    for (const [registry, read] of this.registries) {
      if (read.state === 'error') out.push({ registry, error: read.error });
    }
    return out;
  }

  /** File name shown for a registry (both are called .sessions.json). */
  static label(registry: string): string {
    return `${basename(dirname(registry))}/${basename(registry)}`;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.removeAllListeners();
  }
}

/**
 * The user's rule files: `<config dir>/agents/*.json`, read at start and
 * again whenever the directory changes. Every problem names the file (and
 * the rule); a broken file is left out, never fatal.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DirWatcher } from '../../files/dirWatcher';
import { parseJson, readTextFile } from '../../files/readBounded';
import { checkManifest, type RuleProblem } from './compile';
import type { RuleSet, UserManifest } from './ruleSet';

/** A rule file is a few kilobytes; anything larger is not one. */
export const MAX_RULE_FILE_BYTES = 256 * 1024;
/** Files read at most (a directory of thousands is a mistake, not rules). */
export const MAX_RULE_FILES = 64;
/** Changes within this time are read as one (editors write a file in several steps). */
const RELOAD_DEBOUNCE_MS = 100;

export function userAgentsDir(configDir: string): string {
  return join(configDir, 'agents');
}

export async function loadUserManifests(
  dir: string,
): Promise<{ manifests: UserManifest[]; problems: RuleProblem[] }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  const problems: RuleProblem[] = [];
  if (files.length > MAX_RULE_FILES) {
    problems.push({
      path: dir,
      rule: null,
      message: `${files.length} rule files; only the first ${MAX_RULE_FILES} are read`,
    });
  }
  const manifests: UserManifest[] = [];
  const seen = new Map<string, string>();
  for (const name of files.slice(0, MAX_RULE_FILES)) {
    const path = join(dir, name);
    const read = await readTextFile(path, MAX_RULE_FILE_BYTES);
    if (!read.ok) {
      if (!read.missing) problems.push({ path, rule: null, message: read.error });
      continue;
    }
    const parsed = parseJson(read.text, path);
    if (!parsed.ok) {
      problems.push({ path, rule: null, message: parsed.error });
      continue;
    }
    const checked = checkManifest(parsed.value, path);
    problems.push(...checked.problems);
    if (!checked.manifest) continue;
    const other = seen.get(checked.manifest.id);
    if (other) {
      problems.push({
        path,
        rule: null,
        message: `id "${checked.manifest.id}" is also defined by ${other}; this file is ignored`,
      });
      continue;
    }
    seen.set(checked.manifest.id, path);
    manifests.push({ manifest: checked.manifest, path });
  }
  return { manifests, problems };
}

/** Keeps a RuleSet in step with the user's agents directory. */
export class UserRulesWatcher {
  private readonly watcher: DirWatcher;
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> = Promise.resolve();
  private closed = false;

  /**
   * @param onReload called after each reload with the problems found (empty: all good)
   */
  constructor(
    readonly dir: string,
    private readonly rules: RuleSet,
    private readonly onReload: (problems: readonly RuleProblem[]) => void,
  ) {
    // Also wait for the config dir itself to appear (a fresh install has none).
    this.watcher = new DirWatcher(dir, () => this.reloadSoon(), dirname(dirname(dir)));
  }

  /** Read the files once, then follow changes. */
  async start(): Promise<void> {
    this.watcher.start();
    await this.reload();
  }

  private reloadSoon(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reload();
    }, RELOAD_DEBOUNCE_MS);
  }

  /** Read the directory again (one reload at a time, in order). */
  reload(): Promise<void> {
    this.loading = this.loading.then(async () => {
      if (this.closed) return;
      const { manifests, problems } = await loadUserManifests(this.dir);
      // Closed while reading: a late reload must not touch the rules of a disposed supervisor.
      if (this.isClosed()) return;
      this.rules.setUser(manifests, problems);
      this.onReload(this.rules.problems);
    });
    return this.loading;
  }

  /** A method, not the field: the field may change across an await. */
  private isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher.close();
  }
}

export function formatProblem(problem: RuleProblem): string {
  return `${problem.path}${problem.rule ? ` (rule ${problem.rule})` : ''}: ${problem.message}`;
}

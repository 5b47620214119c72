/** The built CLI (`out/main`), rebuilt when a source is newer: benchmarks measure the product. */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BUILT_CLI = join(ROOT, 'out', 'main', 'cli.js');
/** The `loopwatch` command (it runs the built CLI). */
export const LOOPWATCH_BIN = join(ROOT, 'bin', 'loopwatch.js');

async function newest(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Math.max(
    ...entries.filter((e) => e.isFile()).map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
  );
}

export async function ensureBuilt(log: (text: string) => void): Promise<void> {
  const writer = join(ROOT, 'out', 'main', 'logWriter.js');
  const stale =
    !existsSync(BUILT_CLI) ||
    !existsSync(writer) ||
    Math.max(await newest(join(ROOT, 'main')), await newest(join(ROOT, 'preload'))) >
      statSync(BUILT_CLI).mtimeMs;
  if (!stale) return;
  log('building (electron-vite build)...');
  execFileSync(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

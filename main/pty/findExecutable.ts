import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path `name` would run as, searching PATH like execvp, or null. Asked
 * before spawning a pty: a pty whose program is missing only says so in its
 * output, after the fork.
 */
export function findExecutable(name: string, pathEnv: string | undefined): string | null {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, name);
    if (isExecutable(full)) return full;
  }
  return null;
}

/**
 * Writing files that belong to the user or to other tools: never in place
 * (temp file in the same directory, then rename, so a reader sees the old
 * or the new file and never half of one), and never without a backup of
 * what was there.
 */
import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { copyFile, link, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { readTextFile } from '../files/readBounded';
import { basename, dirname, join } from 'node:path';

/** A timestamp for file names: sortable, no colons (`20261121T053300123Z`). */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

/**
 * Replace `path` with `text` atomically. Keeps the old file's mode; writes
 * through a symlink to its target (dotfile managers link settings files).
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  defaultMode = 0o644,
): Promise<void> {
  const target = await realpath(path).catch(() => path);
  const mode = await stat(target).then(
    (info) => info.mode & 0o7777,
    () => defaultMode,
  );
  const temp = join(dirname(target), `.${basename(target)}.loopwatch-${process.pid}-${Date.now()}`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Copy `path` to `path.bak-STAMP` (never over an existing file) and return
 * the backup's path.
 */
export async function backupFile(path: string, nowMs: number): Promise<string> {
  const base = `${path}.bak-${fileStamp(nowMs)}`;
  for (let attempt = 0; ; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${attempt}`;
    try {
      await copyFile(path, candidate, constants.COPYFILE_EXCL);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
}

/** One line for a failed file operation, naming the file and what to do. */
export function describeFsError(error: unknown, what: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `no permission to write ${what} (check the directory's permissions)`;
    case 'EROFS':
      return `cannot write ${what}: the file system is read-only`;
    case 'ENOSPC':
      return `cannot write ${what}: the disk is full`;
    case 'ENOENT':
      return `cannot write ${what}: its directory does not exist`;
    default:
      return `cannot write ${what}: ${(error as Error).message}`;
  }
}

export type RemoveOutcome =
  | { removed: true }
  | { removed: false; why: 'gone' }
  | { removed: false; why: 'changed'; now: string; keptAt: string | null };

/**
 * Delete `path` only if it still holds exactly `expected`, without a window
 * in which another writer's new file could be deleted instead: move it
 * aside (atomic), look at what was moved, and delete that or put it back.
 */
export async function removeIfUnchanged(path: string, expected: string): Promise<RemoveOutcome> {
  const aside = join(
    dirname(path),
    `.${basename(path)}.loopwatch-removing-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: false, why: 'gone' };
    throw error;
  }
  // The safe reader: what was put at the path since may be a FIFO; unreadable is "not what was judged".
  const read = await readTextFile(aside);
  if (read.ok && read.text === expected) {
    await rm(aside, { force: true });
    return { removed: true };
  }
  const text = read.ok ? read.text : `(cannot be read: ${read.error})`;
  // Not what was judged: put it back, unless a newer file took its place meanwhile.
  try {
    await link(aside, path);
    await rm(aside, { force: true });
    return { removed: false, why: 'changed', now: text, keptAt: null };
  } catch {
    return { removed: false, why: 'changed', now: text, keptAt: aside };
  }
}

/** Does anything exist at `path` (never throws)? */
export async function pathExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** Is `path` a directory (never throws)? */
export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

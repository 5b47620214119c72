/**
 * Write a small file so that readers see the old or the new content, never
 * half of it: write a temp file beside it, then rename over it. And a free
 * name for a backup before anything replaces a file that could not be read.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Loopwatch's own files hold tokens and history: readable by their owner only. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export async function writeFileAtomic(
  path: string,
  text: string,
  mode = PRIVATE_FILE_MODE,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** `FILE.bak`, or `FILE.bak.1`, `FILE.bak.2`, ... when earlier backups exist. */
export async function freeBackupPath(file: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? `${file}.bak` : `${file}.bak.${n}`;
    if (!(await stat(candidate).catch(() => null))) return candidate;
  }
}

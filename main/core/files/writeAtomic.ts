/**
 * Writing the user's files safely: atomically (readers see the old content
 * or the new, never half of it: write a temp file beside it, then rename
 * over), and with a free name for a backup before anything replaces one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Files Loopwatch writes hold the user's paths and choices: only they may read them. */
export const PRIVATE_FILE_MODE = 0o600;

export async function writeFileAtomic(
  file: string,
  text: string,
  mode = PRIVATE_FILE_MODE,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
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

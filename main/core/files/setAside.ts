/**
 * A file Loopwatch owns that it could not read (mode 000, binary, over the
 * size cap, a directory, not its format) is moved aside to `NAME.bad-TIME`
 * before anything is written in its place: what could not be read is never
 * overwritten. The caller says so to the user, with the new name.
 */
import { rename } from 'node:fs/promises';

/** `20261206T035500123Z`: sorts by time, no characters any filesystem refuses. */
export function badStamp(nowMs = Date.now()): string {
  return new Date(nowMs).toISOString().replace(/[-:.]/g, '');
}

export type SetAside = { moved: true; path: string } | { moved: false; error: string };

/** Rename `file` to `file.bad-TIME`; never throws. */
export async function setAsideBad(file: string, nowMs = Date.now()): Promise<SetAside> {
  const path = `${file}.bad-${badStamp(nowMs)}`;
  try {
    await rename(file, path);
    return { moved: true, path };
  } catch (error) {
    return { moved: false, error: (error as Error).message };
  }
}

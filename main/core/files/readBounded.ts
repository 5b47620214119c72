/**
 * Reading files other programs write: bounded in size, tolerant of the file
 * vanishing or changing mid-read, and explicit about binary garbage. Every
 * result says what went wrong in words a user can act on.
 */
import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** State, lock and registry files are small; anything past this is not one of them. */
export const MAX_STATE_FILE_BYTES = 10 * 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string; size: number; mtimeMs: number }
  | { ok: false; missing: boolean; error: string };

/** Read a whole text file of at most `maxBytes`; never throws. */
export function readTextFile(path: string, maxBytes = MAX_STATE_FILE_BYTES): Promise<ReadResult> {
  return withRegularFile(path, async (handle, info) => {
    if (info.size > maxBytes) {
      return {
        ok: false,
        missing: false,
        error: `${path} is ${info.size} bytes, over the ${maxBytes}-byte limit`,
      };
    }
    // Read up to one byte past the limit: the file may have grown since stat.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size, 0) + 64 * 1024));
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) {
        return { ok: false, missing: false, error: `${path} grew past the ${maxBytes}-byte limit` };
      }
      if (length === buffer.length) break;
    }
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0))
      return { ok: false, missing: false, error: `${path} holds binary data, not text` };
    return { ok: true, text: bytes.toString('utf8'), size: length, mtimeMs: info.mtimeMs };
  });
}

/** The last `maxBytes` of a file, cut at a line start (for tails of logs and event files). */
export function readTail(path: string, maxBytes: number): Promise<ReadResult> {
  return withRegularFile(path, async (handle, info) => {
    const start = Math.max(0, info.size - maxBytes);
    const buffer = Buffer.alloc(Math.min(maxBytes, info.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    if (start > 0) {
      const newline = text.indexOf('\n');
      text = newline === -1 ? '' : text.slice(newline + 1);
    }
    return { ok: true, text, size: info.size, mtimeMs: info.mtimeMs };
  });
}

/** Open `path`, hand a regular file's handle and stats to `read`, close it; every failure in words. */
async function withRegularFile(
  path: string,
  read: (handle: FileHandle, info: Stats) => Promise<ReadResult>,
): Promise<ReadResult> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return failure(path, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      return { ok: false, missing: false, error: `${path} is not a regular file` };
    return await read(handle, info);
  } catch (error) {
    return failure(path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function failure(path: string, error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { ok: false, missing: true, error: `${path} does not exist` };
  if (code === 'EACCES' || code === 'EPERM') {
    return { ok: false, missing: false, error: `no permission to read ${path}` };
  }
  if (code === 'EISDIR') return { ok: false, missing: false, error: `${path} is a directory` };
  return { ok: false, missing: false, error: `cannot read ${path}: ${(error as Error).message}` };
}

/** JSON.parse with a one-line error instead of an exception. */
export function parseJson(
  text: string,
  what: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: `${what} is empty` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `${what} is not valid JSON (${(error as Error).message})` };
  }
}

/**
 * Reading files other programs write: bounded in size, tolerant of the file
 * vanishing or changing mid-read, and explicit about binary garbage. Every
 * result says what went wrong in words a user can act on.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';

/** State, lock and registry files are small; anything past this is not one of them. */
export const MAX_STATE_FILE_BYTES = 10 * 1024 * 1024;
/**
 * Open flags: O_NONBLOCK so that a FIFO (or a symlink to one) at a path we
 * read opens at once instead of waiting forever for a writer (its type is
 * then refused); O_NOCTTY so a terminal device never becomes ours. Reads of
 * a regular file ignore O_NONBLOCK.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;
/** Deepest JSON nesting accepted: our files nest a few levels; deeper is garbage or an attack. */
export const MAX_JSON_DEPTH = 64;
/**
 * Most JSON values (objects, arrays, strings, numbers...) accepted in one
 * file: real state, lock and registry files hold hundreds; a file of
 * millions costs gigabytes once parsed and validated.
 */
export const MAX_JSON_VALUES = 200_000;

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
    // Checked before the cut at a line start: a tail of NULs has no line to cut at.
    if (buffer.subarray(0, bytesRead).includes(0))
      return { ok: false, missing: false, error: `${path} holds binary data, not text` };
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
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (await isSymlink(path))) {
      return { ok: false, missing: false, error: `${path} is a symbolic link to a missing file` };
    }
    return failure(path, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      return { ok: false, missing: false, error: `${path} is ${kindOf(info)}, not a regular file` };
    return await read(handle, info);
  } catch (error) {
    return failure(path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
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

/**
 * Why `text` is too deep or too big to parse, or null. One pass over the
 * characters outside strings: brackets give the depth, brackets and commas
 * bound the number of values.
 */
export function jsonTooBig(
  text: string,
  maxDepth = MAX_JSON_DEPTH,
  maxValues = MAX_JSON_VALUES,
): string | null {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      values++;
      if (depth > maxDepth) return `nests deeper than ${maxDepth} levels`;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c) values++;
    else continue;
    if (values > maxValues) return `holds more than ${maxValues} JSON values`;
  }
  return null;
}

/** JSON.parse with a one-line error instead of an exception; bounded in depth and size. */
export function parseJson(
  text: string,
  what: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: `${what} is empty` };
  const tooBig = jsonTooBig(text);
  if (tooBig) return { ok: false, error: `${what} ${tooBig}: not read` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `${what} is not valid JSON (${(error as Error).message})` };
  }
}

/**
 * Reading a session's log when someone looks at it (never while it merely
 * grows): its last lines, optionally only those holding a search text.
 */
import { readTail } from '../files/readBounded';

/** Bytes read from a log's end for a view: enough for MAX_LOG_VIEW_LINES of wide lines. */
export const LOG_VIEW_BYTES = 1024 * 1024;

export interface LogTail {
  lines: string[];
  size: number | null;
  truncated: boolean;
  error: string | null;
}

export async function tailLog(file: string, lines: number, search = ''): Promise<LogTail> {
  const read = await readTail(file, LOG_VIEW_BYTES);
  if (!read.ok) return { lines: [], size: null, truncated: false, error: read.error };
  let all = read.text.replace(/\n$/, '').split('\n');
  if (read.text === '') all = [];
  const needle = search.toLowerCase();
  const matching = needle === '' ? all : all.filter((line) => line.toLowerCase().includes(needle));
  return {
    lines: matching.slice(-lines),
    size: read.size,
    truncated: matching.length > lines || read.size > LOG_VIEW_BYTES,
    error: null,
  };
}

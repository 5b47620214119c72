/**
 * `.claude/locks/NAME.lock`: `{"session": "NAME", "pid": 12345, "started_at": "..."}`.
 * Stale when no process has that pid (FIELD.md). Parsing never throws: a
 * malformed lock is a lock with an error, not a crash.
 */
import { z } from 'zod';
import { parseJson } from '../../files/readBounded';
import { LOCAL_MACHINE, type FileReads } from '../../machine/machine';

const LockJson = z.object({
  session: z.string().optional(),
  pid: z.union([z.number(), z.string()]).optional(),
  started_at: z.string().optional(),
});

export interface LockContent {
  session: string | null;
  pid: number | null;
  startedAt: string | null;
}

export type LockParse = { ok: true; lock: LockContent } | { ok: false; error: string };

export function parseLock(text: string, what = 'lock file'): LockParse {
  const json = parseJson(text, what);
  if (!json.ok) return json;
  const parsed = LockJson.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: `${what} is not a lock object` };
  const rawPid = parsed.data.pid;
  const pid = typeof rawPid === 'string' ? Number(rawPid.trim()) : rawPid;
  const validPid = pid !== undefined && Number.isInteger(pid) && pid > 0 ? pid : null;
  if (validPid === null) return { ok: false, error: `${what} has no valid pid` };
  return {
    ok: true,
    lock: {
      session: parsed.data.session ?? null,
      pid: validPid,
      startedAt: parsed.data.started_at ?? null,
    },
  };
}

export type LockRead =
  | { state: 'absent' }
  | { state: 'ok'; lock: LockContent; mtimeMs: number }
  | { state: 'error'; error: string };

export async function readLock(
  path: string,
  files: FileReads = LOCAL_MACHINE.files,
): Promise<LockRead> {
  const read = await files.readTextFile(path);
  if (!read.ok) return read.missing ? { state: 'absent' } : { state: 'error', error: read.error };
  const parsed = parseLock(read.text, path);
  return parsed.ok
    ? { state: 'ok', lock: parsed.lock, mtimeMs: read.mtimeMs }
    : { state: 'error', error: parsed.error };
}

/**
 * Every lifecycle action Loopwatch takes or refuses (start, kill, resume, answer,
 * each cleanup item applied or skipped), one JSON object a line in
 * `CONFIG_DIR/audit.jsonl`. Appends are single writes with O_APPEND, so
 * two Loopwatch processes never interleave inside a line.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { MAX_STATE_FILE_BYTES, readTail } from '../files/readBounded';
import { join } from 'node:path';
import { jsonLineObjects } from '../files/jsonLines';
import { loopwatchConfigDir, type Env } from '../paths';
import { ActionRefusedError } from './context';
import { describeFsError } from './files';

export type AuditAction =
  'start' | 'kill' | 'resume' | 'force-restart' | 'cleanup' | 'answer' | 'restore';
export type AuditOutcome = 'done' | 'skipped' | 'failed' | 'refused';

export interface AuditEntry {
  at: string;
  action: AuditAction;
  outcome: AuditOutcome;
  /** What it acted on, e.g. "tmux session =pipeline-auth on /tmp/tmux-1000/default". */
  target: string;
  /** Why, or what was done, in words. */
  detail: string;
  /** "cli" or "app": who asked. */
  actor: string;
  pid: number;
  /** Facts worth keeping: the removed lock's content, the command line, the history file. */
  data?: Record<string, unknown>;
}

export function auditLogPath(env: Env): string {
  return join(loopwatchConfigDir(env), 'audit.jsonl');
}

/**
 * Append one entry. Never throws: an action that happened must not be
 * reported as failed because the log could not be written; the caller gets
 * the reason to show instead.
 */
export async function appendAudit(
  env: Env,
  entry: Omit<AuditEntry, 'at' | 'pid'> & { at?: string },
): Promise<string | null> {
  const path = auditLogPath(env);
  const line = JSON.stringify({ at: new Date().toISOString(), pid: process.pid, ...entry });
  try {
    await mkdir(loopwatchConfigDir(env), { recursive: true, mode: 0o700 });
    await appendFile(path, `${line}\n`, { encoding: 'utf8', mode: 0o600, flag: 'a' });
    return null;
  } catch (error) {
    return describeFsError(error, `the audit log ${path}`);
  }
}

/** Every entry of the log, oldest first (malformed lines skipped). */
export async function readAudit(env: Env): Promise<AuditEntry[]> {
  // Bounded like every file Loopwatch reads (see readBounded.ts): the log is capped in size.
  const read = await readTail(auditLogPath(env), MAX_STATE_FILE_BYTES);
  const text = read.ok ? read.text : '';
  // Entries are our own writes; a torn line from a crash is skipped.
  return jsonLineObjects(text) as unknown as AuditEntry[];
}

/** Log a refusal, then throw it (as ActionRefusedError, whose message the user reads). */
export async function refuseWithAudit(
  env: Env,
  entry: Omit<AuditEntry, 'at' | 'pid' | 'outcome' | 'detail'>,
  detail: string,
): Promise<never> {
  await appendAudit(env, { ...entry, outcome: 'refused', detail });
  throw new ActionRefusedError(detail);
}

/**
 * What Loopwatch remembers of each agent session it sees, to bring it back
 * after a reboot or a killed server: one record per session in `restore/`
 * under the config directory (a damaged one is set aside, see RecordDir).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { RecordDir } from '../keep/recordDir';
import { loopwatchConfigDir, type Env } from '../paths';

export const RestoreWindowSchema = z.object({
  index: z.number().int().nonnegative(),
  name: z.string(),
  cwd: z.string(),
  /** tmux's start command of the window's active pane ('' = the default shell). */
  command: z.string(),
  /** The agent runs in this window. */
  agent: z.boolean(),
});

export const RestoreRecordSchema = z.object({
  v: z.literal(1),
  host: z.string(),
  socket: z.string().min(1),
  session: z.string(),
  /** The tmux session's creation time (a new session of the same name is another one). */
  created: z.string(),
  windows: z.array(RestoreWindowSchema).min(1),
  agent: z.string().nullable(),
  agentSessionId: z.string().nullable(),
  agentIdFrom: z.enum(['hook', 'transcript']).nullable(),
  pipeline: z.object({ projectDir: z.string(), runName: z.string() }).nullable(),
  seenAt: z.iso.datetime({ offset: true }),
});
export type RestoreRecord = z.infer<typeof RestoreRecordSchema>;
export type RestoreWindow = z.infer<typeof RestoreWindowSchema>;

export function restoreKey(r: Pick<RestoreRecord, 'host' | 'socket' | 'session'>): string {
  return `${r.host}\u0000${r.socket}\u0000${r.session}`;
}

export function restoreRecordDir(env: Env): RecordDir<RestoreRecord> {
  return new RecordDir(join(loopwatchConfigDir(env), 'restore'), RestoreRecordSchema, restoreKey);
}

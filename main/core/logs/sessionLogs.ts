/**
 * Which sessions are logged, and switching it: one record per session in
 * `logging/` under the config directory (kept across restarts; a damaged
 * record is set aside, see RecordDir), one log file per session in
 * `logs/` under the data directory. Logging is `pipe-pane` into
 * Loopwatch's log writer; Loopwatch never pipes a session nobody asked it
 * to log, and never replaces a pipe someone else set.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { loopwatchConfigDir, loopwatchDataDir, type Env } from '../paths';
import { RecordDir } from '../keep/recordDir';
import { execTmux } from '../tmux/execTmux';
import { exactSessionPane } from '../tmux/quote';
import { readLogSettings } from './logSettings';
import { logWriterCommand } from './writerCommand';

const LogRecordSchema = z.object({
  v: z.literal(1),
  socket: z.string().min(1),
  session: z.string(),
  /** The tmux session's creation time: a new session of the same name is another session. */
  created: z.string(),
  paneId: z.string(),
  file: z.string().min(1),
  on: z.boolean(),
  /** Who switched it on: `start` (sessions Loopwatch starts) or the user. */
  by: z.enum(['start', 'user']),
  at: z.iso.datetime({ offset: true }),
});
export type LogRecord = z.infer<typeof LogRecordSchema>;

export function logKey(socket: string, session: string): string {
  return `${socket}\u0000${session}`;
}

/** The log file of a session: readable name plus a hash of socket and name. */
export function logFileFor(env: Env, socket: string, session: string): string {
  const safe = session.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'session';
  const hash = createHash('sha256').update(logKey(socket, session)).digest('hex').slice(0, 12);
  return join(loopwatchDataDir(env), 'logs', `${safe}-${hash}.log`);
}

interface PaneState {
  paneId: string;
  piped: boolean;
  created: string;
}

/** The session's active pane, whether it is piped, and when the session was made. */
async function paneState(env: Env, socket: string, session: string): Promise<PaneState> {
  const out = await execTmux(
    socket,
    [
      'display-message',
      '-p',
      '-t',
      exactSessionPane(session),
      '#{pane_id} #{pane_pipe} #{session_created}',
    ],
    { env },
  );
  const [paneId = '', pipe = '0', created = ''] = out.trim().split(' ');
  // tmux 3.3's display-message answers a target it cannot find with empty values and exit 0;
  // an empty pane id given on to pipe-pane would pipe whichever pane tmux calls current.
  if (!/^%\d+$/.test(paneId))
    throw new Error(`no tmux session named ${JSON.stringify(session)} on ${socket}`);
  return { paneId, piped: pipe === '1', created };
}

export class SessionLogs {
  private readonly dir: RecordDir<LogRecord>;
  private records = new Map<string, LogRecord>();
  problems: string[] = [];

  constructor(private readonly env: Env) {
    this.dir = new RecordDir(join(loopwatchConfigDir(env), 'logging'), LogRecordSchema, (r) =>
      logKey(r.socket, r.session),
    );
  }

  async load(): Promise<this> {
    const loaded = await this.dir.load();
    this.records = loaded.records;
    this.problems = loaded.problems;
    return this;
  }

  record(socket: string, session: string): LogRecord | null {
    return this.records.get(logKey(socket, session)) ?? null;
  }

  all(): LogRecord[] {
    return [...this.records.values()];
  }

  /** A log file written by no record that is on (safe to delete with its ended session). */
  idle(file: string): boolean {
    return ![...this.records.values()].some((r) => r.on && r.file === file);
  }

  /**
   * Log this session from now on (the user asked, or Loopwatch started it).
   * Refuses a session whose pane some other program already pipes.
   */
  async on(socket: string, session: string, by: LogRecord['by']): Promise<LogRecord> {
    await this.load();
    const state = await paneState(this.env, socket, session);
    const known = this.record(socket, session);
    const file = logFileFor(this.env, socket, session);
    if (state.piped) {
      if (known?.on && known.created === state.created) return known;
      throw new Error(
        `tmux session ${session} on ${socket} is already piped by another program (pipe-pane); Loopwatch leaves it alone`,
      );
    }
    const options = await readLogSettings(this.env);
    // `-o`: open only if no pipe exists (checked above; tmux checks again).
    await execTmux(
      socket,
      ['pipe-pane', '-o', '-t', state.paneId, logWriterCommand(file, options)],
      {
        env: this.env,
      },
    );
    try {
      return await this.save({
        socket,
        session,
        created: state.created,
        paneId: state.paneId,
        file,
        on: true,
        by,
      });
    } catch (error) {
      // Unrecorded, the pipe could never be switched off or found again: close it.
      await execTmux(socket, ['pipe-pane', '-t', state.paneId], { env: this.env }).catch(
        () => undefined,
      );
      throw new Error(
        `logging of ${session} not switched on: its record could not be saved (${(error as Error).message})`,
      );
    }
  }

  /**
   * The pipe-pane command that logs a session about to be created (chained
   * after its new-session, so the log holds its first byte); `adopt` records
   * it once the session exists.
   */
  async commandForNew(socket: string, session: string): Promise<string> {
    return logWriterCommand(logFileFor(this.env, socket, session), await readLogSettings(this.env));
  }

  /** Record a pipe Loopwatch set itself while creating the session. */
  async adopt(socket: string, session: string, by: LogRecord['by']): Promise<LogRecord> {
    const state = await paneState(this.env, socket, session);
    const file = logFileFor(this.env, socket, session);
    return this.save({
      socket,
      session,
      created: state.created,
      paneId: state.paneId,
      file,
      on: state.piped,
      by,
    });
  }

  /** Stop logging this session (its log file stays). */
  async off(socket: string, session: string): Promise<LogRecord | null> {
    await this.load();
    const known = this.record(socket, session);
    if (!known?.on) return known;
    const state = await paneState(this.env, socket, session).catch(() => null);
    // Close the pipe only if it is ours: the same session, and the pane we piped.
    if (state?.piped && state.created === known.created && state.paneId === known.paneId) {
      await execTmux(socket, ['pipe-pane', '-t', state.paneId], { env: this.env });
    }
    return this.save({ ...known, on: false });
  }

  private async save(fields: Omit<LogRecord, 'v' | 'at'>): Promise<LogRecord> {
    const record: LogRecord = { v: 1, ...fields, at: new Date().toISOString() };
    this.records.set(logKey(record.socket, record.session), record);
    await this.dir.write(record);
    return record;
  }
}

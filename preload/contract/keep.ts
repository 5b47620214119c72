/**
 * Keep and restore (issue 16): ended sessions kept for review, output logs,
 * restore after a reboot. The session's `ended` field, the log settings and
 * the operations here are spread into sessions.ts, settings.ts and
 * channels.ts.
 */
import { z } from 'zod';
import { IsoTime as Iso } from './primitives';
const Ids = z.array(z.string().min(1)).min(1, 'name at least one session');

/** On a Session whose tmux session is gone: what Loopwatch kept of it. */
export const EndedInfoSchema = z.object({
  endedAt: Iso,
  /** The status (and its reason) the session had before it ended. */
  lastStatus: z.string(),
  lastReason: z.string(),
  /** Lines of its last screen kept (0: none was seen). */
  screenLines: z.number().int().nonnegative(),
  /** The session's log file, if it was logged. */
  log: z.string().nullable(),
});
export type EndedInfo = z.infer<typeof EndedInfoSchema>;

export const ReviewEndedRequestSchema = z.object({ sessionIds: Ids });
export const DisposeEndedRequestSchema = z.object({ sessionIds: Ids });
export const EndedChangeSchema = z.object({
  /** How many ended sessions it applied to. */
  count: z.number().int().nonnegative(),
  /** Files deleted (dispose). */
  removed: z.array(z.string()),
  message: z.string(),
});
export type EndedChange = z.infer<typeof EndedChangeSchema>;

/** A session log rotates at this size by default (as schmux does)... */
export const DEFAULT_LOG_ROTATE_BYTES = 50 * 1024 * 1024;
/** ...and keeps its last this many bytes. */
export const DEFAULT_LOG_KEEP_BYTES = 1024 * 1024;
/** Smallest rotation size accepted: below it a log would rotate on every screenful. */
export const MIN_LOG_ROTATE_BYTES = 4 * 1024;

/** Log settings' fields (spread into the settings' shape). */
export const logSettingsShape = {
  /** A session log rotates when it reaches this size... */
  logRotateBytes: z.number().int().min(MIN_LOG_ROTATE_BYTES),
  /** ...keeping its last this many bytes (fewer than logRotateBytes). */
  logKeepBytes: z.number().int().nonnegative(),
  /** Keep terminal escapes in logs (off: plain text). */
  logRaw: z.boolean(),
};
export const logSettingsDefaults = {
  logRotateBytes: logSettingsShape.logRotateBytes.default(DEFAULT_LOG_ROTATE_BYTES),
  logKeepBytes: logSettingsShape.logKeepBytes.default(DEFAULT_LOG_KEEP_BYTES),
  logRaw: logSettingsShape.logRaw.default(false),
};

/** Most lines a log view returns at once. */
export const MAX_LOG_VIEW_LINES = 2_000;

export const SetLoggingRequestSchema = z.object({ sessionId: z.string().min(1), on: z.boolean() });
export const ReadLogRequestSchema = z.object({
  sessionId: z.string().min(1),
  lines: z.number().int().min(1).max(MAX_LOG_VIEW_LINES).default(200),
  /** Keep only lines holding this text (case-insensitive); empty: all. */
  search: z.string().max(200).default(''),
});
export const LogViewSchema = z.object({
  sessionId: z.string(),
  /** Logging is on for this session now. */
  on: z.boolean(),
  /** Why it cannot be switched (gone, ...); null when it can. */
  unavailable: z.string().nullable(),
  path: z.string().nullable(),
  size: z.number().int().nonnegative().nullable(),
  lines: z.array(z.string()),
  /** The file holds more than what `lines` shows. */
  truncated: z.boolean(),
});
export type LogView = z.infer<typeof LogViewSchema>;

export const RESTORE_HOWS = ['resume', 'original', 'pipeline'] as const;
export const RestoreItemSchema = z.object({
  /** The record's key (stable across plans). */
  key: z.string(),
  host: z.string(),
  socket: z.string(),
  session: z.string(),
  windows: z.number().int().positive(),
  cwd: z.string(),
  agent: z.string().nullable(),
  agentSessionId: z.string().nullable(),
  /** resume: the agent's resume command; original: its recorded command; pipeline: run.sh --resume. */
  how: z.enum(RESTORE_HOWS),
  /** What will run, for people to read. */
  display: z.string(),
  /** Why this command (e.g. "no session id known: the original command"). */
  note: z.string(),
  ok: z.boolean(),
  problem: z.string().nullable(),
  seenAt: Iso,
});
export type RestoreItem = z.infer<typeof RestoreItemSchema>;

export const RestoreRequestSchema = z.object({
  /** Session names (or record keys); empty: every session whose server is gone. */
  names: z.array(z.string().min(1)).default([]),
});
export const RestorePlanSchema = z.object({
  items: z.array(RestoreItemSchema),
  /** Records that could not be read (set aside), and the like. */
  warnings: z.array(z.string()),
});
export type RestorePlan = z.infer<typeof RestorePlanSchema>;
export const RestoreResultSchema = z.object({
  results: z.array(
    z.object({
      key: z.string(),
      session: z.string(),
      socket: z.string(),
      outcome: z.enum(['done', 'skipped', 'failed']),
      detail: z.string(),
    }),
  ),
});
export type RestoreResult = z.infer<typeof RestoreResultSchema>;

/** Operations of this section (spread into the main contract's `operations`). */
export const keepOperations = {
  reviewEnded: {
    channel: 'loopwatch:ended:review',
    request: ReviewEndedRequestSchema,
    response: EndedChangeSchema,
  },
  disposeEnded: {
    channel: 'loopwatch:ended:dispose',
    request: DisposeEndedRequestSchema,
    response: EndedChangeSchema,
  },
  setLogging: {
    channel: 'loopwatch:logs:set',
    request: SetLoggingRequestSchema,
    response: LogViewSchema,
  },
  readLog: {
    channel: 'loopwatch:logs:read',
    request: ReadLogRequestSchema,
    response: LogViewSchema,
  },
  planRestore: {
    channel: 'loopwatch:restore:plan',
    request: RestoreRequestSchema,
    response: RestorePlanSchema,
  },
  applyRestore: {
    channel: 'loopwatch:restore:apply',
    request: RestoreRequestSchema,
    response: RestoreResultSchema,
  },
} as const;

/**
 * Dashboard (issue 6): session details, screen peek, review and last-viewed
 * marks.
 */
import { z } from 'zod';
import { IsoTime } from './primitives';
import {
  LockInfoSchema,
  PipelineStageSchema,
  SessionStatusSchema,
  type SessionStatus,
} from './sessions';

/** Most screen lines one peek may ask for: a tall screen plus some history. */
export const MAX_PEEK_LINES = 500;

export const SessionRefSchema = z.object({ sessionId: z.string().min(1) });

export const PeekRequestSchema = z.object({
  sessionId: z.string().min(1),
  lines: z.number().int().min(1).max(MAX_PEEK_LINES).optional(),
});

export const PeekSchema = z.object({
  sessionId: z.string(),
  /** Plain text of the last lines of the active pane; null when none was ever captured. */
  text: z.string().nullable(),
  capturedAt: IsoTime.nullable(),
  /** True when the tmux session is gone and `text` is the last screen captured earlier. */
  kept: z.boolean(),
  /** Why no fresh screen could be captured, if so. */
  error: z.string().nullable(),
});
export type Peek = z.infer<typeof PeekSchema>;

/** The tail of a text file a tool appends to (events.jsonl, progress-NAME.md). */
export const FileTailSchema = z.object({
  path: z.string(),
  missing: z.boolean(),
  /** The last lines, oldest first. */
  lines: z.array(z.string()),
  /** Older lines exist that are not shown. */
  truncated: z.boolean(),
  size: z.number().int().nonnegative().nullable(),
  modifiedAt: IsoTime.nullable(),
  error: z.string().nullable(),
});
export type FileTail = z.infer<typeof FileTailSchema>;

export const LockDetailsSchema = LockInfoSchema.extend({ missing: z.boolean() });
export type LockDetails = z.infer<typeof LockDetailsSchema>;

/** state.json as the details pane shows it. */
export const StateSummarySchema = z.object({
  path: z.string(),
  missing: z.boolean(),
  /** Read or parse problem, in one line. */
  error: z.string().nullable(),
  status: z.string().nullable(),
  type: z.string().nullable(),
  startedAt: z.string().nullable(),
  iteration: z.number().int().nullable(),
  iterationCompleted: z.number().int().nullable(),
  maxIterations: z.number().int().nullable(),
  stage: z.string().nullable(),
  stageIndex: z.number().int().nullable(),
  stages: z.array(PipelineStageSchema),
  runError: z.string().nullable(),
  completionReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  modifiedAt: IsoTime.nullable(),
});
export type StateSummary = z.infer<typeof StateSummarySchema>;

/** A command to run by hand, shell-quoted, ready to copy. */
export const HandCommandSchema = z.object({ label: z.string(), command: z.string() });
export type HandCommand = z.infer<typeof HandCommandSchema>;

export const SessionDetailsSchema = z.object({
  sessionId: z.string(),
  generatedAt: IsoTime,
  /** The pipeline run whose files were read, when the session is one. */
  run: z.object({ name: z.string(), projectDir: z.string(), runDir: z.string() }).nullable(),
  lock: LockDetailsSchema.nullable(),
  state: StateSummarySchema.nullable(),
  events: FileTailSchema.nullable(),
  progress: FileTailSchema.nullable(),
  commands: z.array(HandCommandSchema),
});
export type SessionDetails = z.infer<typeof SessionDetailsSchema>;

/** Per-session marks the user leaves: reviewed (finished/crashed dismissed) and last viewed. */
export const SessionMarkSchema = z.object({
  sessionId: z.string(),
  /** The status the user reviewed; the mark holds while the session keeps that status. */
  reviewedStatus: SessionStatusSchema.nullable(),
  reviewedAt: IsoTime.nullable(),
  viewedAt: IsoTime.nullable(),
});
export type SessionMark = z.infer<typeof SessionMarkSchema>;

export const SessionMarksSchema = z.object({
  marks: z.array(SessionMarkSchema),
  /** A problem with the marks file (e.g. it was malformed and set aside), else null. */
  problem: z.string().nullable(),
});
export type SessionMarks = z.infer<typeof SessionMarksSchema>;

/** Statuses a user can mark reviewed: the run is over (finished or crashed). */
export const REVIEWABLE_STATUSES: ReadonlySet<SessionStatus> = new Set<SessionStatus>([
  'done',
  'crashed',
]);

export const MarkReviewedRequestSchema = z.object({
  sessionId: z.string().min(1),
  reviewed: z.boolean(),
});

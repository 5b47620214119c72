/**
 * Sessions and their status: the vocabulary (statuses, sources, signal
 * ranks), the facts a session carries, and the snapshot, delta and
 * transition messages the supervisor publishes.
 */
import { z } from 'zod';
import { HostHealthSchema } from './hosts';
import { EndedInfoSchema } from './keep';
import { IsoTime, Pid } from './primitives';

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/** A session's status. Order is the dashboard's urgency order. */
export const SESSION_STATUSES = [
  'waiting',
  'crashed',
  'working',
  'starting',
  'idle',
  'done',
  'unknown',
] as const;
export const SessionStatusSchema = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

/** Which tool a session belongs to. */
export const SESSION_SOURCES = [
  'pipeline',
  'tmuxSkill',
  'schmux',
  'claudeSquad',
  'agentDeck',
  'plain',
] as const;
export const SessionSourceSchema = z.enum(SESSION_SOURCES);
export type SessionSource = z.infer<typeof SessionSourceSchema>;

/**
 * Signal ranks, strongest first (DESIGN.md): an agent's own event beats
 * process facts, which beat screen text, which beats activity.
 */
export const SIGNAL_RANKS = ['agent', 'process', 'screen', 'activity'] as const;
export const SignalRankSchema = z.enum(SIGNAL_RANKS);
export type SignalRank = z.infer<typeof SignalRankSchema>;

// ---------------------------------------------------------------------------
// Supervisor details (issue 3). New fields are optional so that sessions
// built before them (tests, samples) stay valid; the supervisor always sets
// them.
// ---------------------------------------------------------------------------

/**
 * Which agent runs in a session, when Loopwatch can tell (hint, process tree,
 * title, hook): the id of its detection manifest. The built-in ones are
 * listed; a user's rule file (`<config dir>/agents/NAME.json`) may add more,
 * so any manifest id is accepted.
 */
export const AGENT_KINDS = [
  'claude',
  'codex',
  'gemini',
  'opencode',
  'cursor-agent',
  'copilot',
  'cline',
  'qwen',
  'kimi',
  'aider',
  'python',
] as const;
export const AgentKindSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'an agent id is lower-case letters, digits and dashes');
export type AgentKind = z.infer<typeof AgentKindSchema>;

/** How a session's process ended, when tmux kept the dead pane (remain-on-exit). */
export const ExitInfoSchema = z.object({
  status: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  at: IsoTime.nullable(),
});
export type ExitInfo = z.infer<typeof ExitInfoSchema>;

/** The last line of a pipeline run's events.jsonl. */
export const PipelineEventSchema = z.object({
  type: z.string(),
  at: z.string().nullable(),
});

/** A pipeline run's progress-NAME.md: where it is and its last non-empty line. */
export const PipelineProgressSchema = z.object({
  path: z.string(),
  updatedAt: IsoTime.nullable(),
  lastLine: z.string().nullable(),
});

/** One provider of a parallel block (`parallel-XX-BLOCK/providers/PROVIDER`). */
export const PipelineProviderSchema = z.object({
  block: z.string(),
  provider: z.string(),
  status: z.string().nullable(),
  iteration: z.number().int().nullable(),
  stageIndex: z.number().int().nullable(),
});
export type PipelineProvider = z.infer<typeof PipelineProviderSchema>;

// ---------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------

export const PaneSchema = z.object({
  /** tmux pane id, e.g. "%3": stable for the pane's life. */
  id: z.string().regex(/^%\d+$/, 'a tmux pane id looks like %3'),
  windowIndex: z.number().int().nonnegative(),
  paneIndex: z.number().int().nonnegative(),
  active: z.boolean(),
  pid: Pid.nullable(),
  currentCommand: z.string(),
  currentPath: z.string(),
  title: z.string(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  dead: z.boolean(),
  /** Exit status of a dead pane (kept only with remain-on-exit). */
  exitStatus: z.number().int().nullable(),
  /** Signal that killed a dead pane, e.g. 9 (tmux 3.3 reports a number). */
  exitSignal: z.number().int().nullable(),
});
export type Pane = z.infer<typeof PaneSchema>;

export const SERVER_ORIGINS = [
  'default',
  'socketDir',
  'tmuxSkill',
  'schmux',
  'settings',
  'flag',
] as const;
export const ServerOriginSchema = z.enum(SERVER_ORIGINS);
export type ServerOrigin = z.infer<typeof ServerOriginSchema>;

export const ServerSchema = z.object({
  socket: z.string().min(1),
  /** Why Loopwatch watches this socket (it may be found several ways). */
  origins: z.array(ServerOriginSchema),
  state: z.enum(['up', 'down', 'error']),
  /** Why the server is down or unusable; null when up. */
  error: z.string().nullable(),
  sessionCount: z.number().int().nonnegative(),
  checkedAt: IsoTime,
  /** The host it runs on (issue 17); absent for this machine ("local"). */
  host: z.string().optional(),
});
export type Server = z.infer<typeof ServerSchema>;

export const EvidenceSchema = z.object({
  rank: SignalRankSchema,
  /** Machine name of the signal, e.g. "hook:PermissionRequest", "pane-dead". */
  signal: z.string(),
  /** Human sentence, e.g. "pane exited with status 3". */
  detail: z.string(),
  at: IsoTime,
  /** Screen signals: the detection rule that decided (id null: none matched), of which manifest. */
  rule: z
    .object({
      id: z.string().nullable(),
      manifest: z.string(),
      version: z.string(),
      /** The manifest's name for people, e.g. "Codex CLI". */
      name: z.string(),
    })
    .optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
export type EvidenceRule = NonNullable<Evidence['rule']>;

export const SessionFlagsSchema = z.object({
  /** Lock file present, holder pid dead. */
  staleLock: z.boolean(),
  /** Pipeline tmux session with no lock and no state (the engine's ORPHAN_TMUX). */
  orphan: z.boolean(),
  /** State says running, but no tmux session and no live lock holder. */
  zombie: z.boolean(),
  /** A pane is dead (remain-on-exit kept it) or its process is gone. */
  deadPane: z.boolean(),
});
export type SessionFlags = z.infer<typeof SessionFlagsSchema>;

export const LockInfoSchema = z.object({
  path: z.string(),
  pid: Pid.nullable(),
  alive: z.boolean().nullable(),
  startedAt: z.string().nullable(),
  /** Parse or read problem with the lock file, if any. */
  error: z.string().nullable(),
});
export type LockInfo = z.infer<typeof LockInfoSchema>;

export const PipelineStageSchema = z.object({
  index: z.number().int().nonnegative(),
  name: z.string(),
  status: z.string(),
});

export const PipelineInfoSchema = z.object({
  /** The run's NAME (tmux session is pipeline-NAME / loop-NAME / ap-NAME). */
  runName: z.string(),
  projectDir: z.string(),
  /** "loop" | "pipeline" as state.json says, or null when unknown. */
  type: z.string().nullable(),
  /** state.json status as written ("running", "complete", "completed", "failed"). */
  state: z.string().nullable(),
  stage: z.string().nullable(),
  stageIndex: z.number().int().nullable(),
  stages: z.array(PipelineStageSchema),
  iteration: z.number().int().nullable(),
  iterationCompleted: z.number().int().nullable(),
  maxIterations: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  completionReason: z.string().nullable(),
  error: z.string().nullable(),
  stateFile: z.string().nullable(),
  /** Parse or read problem with state.json, if any. */
  stateError: z.string().nullable(),
  // issue 3 additions:
  /** state.json `iteration_started` (null between iterations). */
  iterationStarted: z.string().nullable().optional(),
  /** Where maxIterations came from: run.sh's MAX argument, or state.json. */
  maxIterationsFrom: z.enum(['args', 'state']).nullable().optional(),
  lastEvent: PipelineEventSchema.nullable().optional(),
  progress: PipelineProgressSchema.nullable().optional(),
  /** Providers of parallel blocks, with their own status. */
  providers: z.array(PipelineProviderSchema).optional(),
  /**
   * The run's files that could not be read or were cut, one line each (events
   * or progress unreadable, stages past the cap): never a silent drop.
   */
  readNotes: z.array(z.string()).optional(),
});
export type PipelineInfo = z.infer<typeof PipelineInfoSchema>;

export const SchmuxInfoSchema = z.object({
  id: z.string(),
  workspaceId: z.string().nullable(),
  nickname: z.string().nullable(),
  target: z.string().nullable(),
  state: z.string().nullable(),
  // issue 3 additions:
  workspacePath: z.string().nullable().optional(),
  /** Latest agent state from WORKSPACE/.schmux/events/ID.jsonl, after schmux's own rule. */
  agentState: z.string().nullable().optional(),
  agentMessage: z.string().nullable().optional(),
});
export type SchmuxInfo = z.infer<typeof SchmuxInfoSchema>;

/** The tmux skill's pane-health classes (its exit codes 0..4). */
export const TMUX_SKILL_HEALTH = ['healthy', 'dead', 'missing', 'zombie', 'serverDown'] as const;
export const TmuxSkillInfoSchema = z.object({
  registry: z.string(),
  type: z.string().nullable(),
  health: z.enum(TMUX_SKILL_HEALTH),
  createdAt: z.string().nullable(),
  lastActive: z.string().nullable(),
});
export type TmuxSkillInfo = z.infer<typeof TmuxSkillInfoSchema>;

/** One answer a waiting pane offers (issue 15): the key that sends it, and its words. */
export const PromptOptionSchema = z.object({
  key: z.string().min(1),
  label: z.string(),
  /** Approves more than this request ("don't ask again", "All") or opens a text box: confirm twice. */
  needsConfirm: z.boolean(),
});
export type PromptOption = z.infer<typeof PromptOptionSchema>;

/** The question on a waiting pane's screen and its answers, as read from the screen. */
export const SessionPromptSchema = z.object({
  /** The pane that asks: answers go to exactly this pane. */
  paneId: z.string(),
  question: z.string(),
  options: z.array(PromptOptionSchema),
});
export type SessionPrompt = z.infer<typeof SessionPromptSchema>;

export const SessionSchema = z.object({
  /**
   * Stable key. `tmux:<socket>:<name>` for a tmux session; sources whose run
   * outlives its tmux session (pipelines) use `pipeline:<projectDir>:<run>`.
   */
  id: z.string().min(1),
  /** tmux session name, or the run name when no tmux session exists. */
  name: z.string(),
  /** Nickname where the source has one, else the name. */
  displayName: z.string(),
  source: SessionSourceSchema,
  /** Socket of the tmux server holding it; null when its session is gone. */
  socket: z.string().nullable(),
  /** True while a tmux session exists for it. */
  live: z.boolean(),
  createdAt: IsoTime.nullable(),
  /** Human clients attached (Loopwatch's own control clients not counted). */
  attachedClients: z.number().int().nonnegative(),
  windows: z.number().int().nonnegative(),
  panes: z.array(PaneSchema),
  projectDir: z.string().nullable(),
  lastActivityAt: IsoTime.nullable(),
  status: SessionStatusSchema,
  /** Human reason naming the evidence, e.g. "Permission prompt: Bash(rm -rf build)". */
  reason: z.string(),
  since: IsoTime,
  evidence: z.array(EvidenceSchema),
  flags: SessionFlagsSchema,
  lock: LockInfoSchema.nullable(),
  pipeline: PipelineInfoSchema.nullable(),
  schmux: SchmuxInfoSchema.nullable(),
  tmuxSkill: TmuxSkillInfoSchema.nullable(),
  // issue 3 additions:
  agent: AgentKindSchema.nullable().optional(),
  /** Exit of the session's last live pane, when known. */
  exit: ExitInfoSchema.nullable().optional(),
  // issue 15 additions:
  /** Set while the session waits and its screen shows a question with answers. */
  prompt: SessionPromptSchema.nullable().optional(),
  /** `since` is only a lower bound (the fact was first seen then, already true): show "≥ 8m". */
  sinceAtLeast: z.boolean().optional(),
  /** The host it runs on (issue 17); absent for this machine ("local"). */
  host: z.string().optional(),
  /** Set on a session whose tmux session is gone, kept until reviewed (issue 16). */
  ended: EndedInfoSchema.nullable().optional(),
});
export type Session = z.infer<typeof SessionSchema>;

/**
 * One source of facts (the hook socket, a tmux server, a pipeline project, a
 * file) that dropped input or failed: what, how often, since when. Listed
 * until the supervisor restarts; a source with no problem is not listed.
 */
export const SourceHealthSchema = z.object({
  /** e.g. "hooks", "tmux /tmp/tmux-1000/default", "pipeline /home/me/proj". */
  source: z.string(),
  /** Problems counted (bad lines dropped, errors caught). */
  count: z.number().int().positive(),
  /** The latest problem, one line. */
  message: z.string(),
  firstAt: IsoTime,
  lastAt: IsoTime,
});
export type SourceHealth = z.infer<typeof SourceHealthSchema>;

export const SnapshotSchema = z.object({
  /** Bumped with every delta; a client that misses one asks for a snapshot. */
  seq: z.number().int().nonnegative(),
  generatedAt: IsoTime,
  servers: z.array(ServerSchema),
  sessions: z.array(SessionSchema),
  /** Sources that dropped input or failed (issue 19); absent from older supervisors. */
  sources: z.array(SourceHealthSchema).optional(),
  /** Remote hosts and their health (issue 17); absent when none is configured. */
  hosts: z.array(HostHealthSchema).optional(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** What changed since `seq - 1`: sessions replaced whole, ids removed. */
export const SessionsDeltaSchema = z.object({
  seq: z.number().int().positive(),
  upsert: z.array(SessionSchema),
  remove: z.array(z.string()),
  /** Present when the server list changed. */
  servers: z.array(ServerSchema).optional(),
  /** Present when a remote host's health changed (issue 17): every host's. */
  hosts: z.array(HostHealthSchema).optional(),
});
export type SessionsDelta = z.infer<typeof SessionsDeltaSchema>;

export const TransitionSchema = z.object({
  sessionId: z.string(),
  name: z.string(),
  from: SessionStatusSchema.nullable(),
  to: SessionStatusSchema,
  reason: z.string(),
  at: IsoTime,
  /** True for statuses found while the supervisor started (no notification). */
  initial: z.boolean(),
  /** The session's remote host (issue 17); absent for this machine. */
  host: z.string().optional(),
});
export type Transition = z.infer<typeof TransitionSchema>;

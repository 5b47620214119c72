/**
 * THE contract between Loopwatch's supervisor and every UI that shows it.
 *
 * One file, imported by main (Electron IPC handlers), preload (contextBridge),
 * the `serve` WebSocket server, the renderer's WebSocket client and the CLI's
 * `--json` output. Every payload that crosses a process boundary is parsed
 * with its schema here; the API type is derived from the same tables, so a
 * channel cannot exist on one side only.
 *
 * Pure: imports zod and nothing else (it is compiled for Node and for the web).
 */
import { z } from 'zod';
import {
  EndedInfoSchema,
  keepOperations,
  logSettingsDefaults,
  logSettingsShape,
} from './keepContract';
export * from './keepContract';

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

const IsoTime = z.iso.datetime({ offset: true });
const Pid = z.number().int().positive();

// ---------------------------------------------------------------------------
// Supervisor details (issue 3). New fields are optional so that sessions
// built before them (tests, samples) stay valid; the supervisor always sets
// them.
// ---------------------------------------------------------------------------

/** Which agent runs in a session, when Loopwatch can tell (hook, command, screen). */
export const AGENT_KINDS = ['claude', 'codex', 'gemini', 'aider', 'python'] as const;
export const AgentKindSchema = z.enum(AGENT_KINDS);
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
});
export type Server = z.infer<typeof ServerSchema>;

export const EvidenceSchema = z.object({
  rank: SignalRankSchema,
  /** Machine name of the signal, e.g. "hook:PermissionRequest", "pane-dead". */
  signal: z.string(),
  /** Human sentence, e.g. "pane exited with status 3". */
  detail: z.string(),
  at: IsoTime,
});
export type Evidence = z.infer<typeof EvidenceSchema>;

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
  /** Set on a session whose tmux session is gone, kept until reviewed (issue 16). */
  ended: EndedInfoSchema.nullable().optional(),
});
export type Session = z.infer<typeof SessionSchema>;

export const SnapshotSchema = z.object({
  /** Bumped with every delta; a client that misses one asks for a snapshot. */
  seq: z.number().int().nonnegative(),
  generatedAt: IsoTime,
  servers: z.array(ServerSchema),
  sessions: z.array(SessionSchema),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** What changed since `seq - 1`: sessions replaced whole, ids removed. */
export const SessionsDeltaSchema = z.object({
  seq: z.number().int().positive(),
  upsert: z.array(SessionSchema),
  remove: z.array(z.string()),
  /** Present when the server list changed. */
  servers: z.array(ServerSchema).optional(),
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
});
export type Transition = z.infer<typeof TransitionSchema>;

// ---------------------------------------------------------------------------
// Live terminal (issue 4): open a tmux attach on a session, then stream it
// over its own channel: a WebSocket at TERMINAL_WS_PATH in `serve`, a
// MessagePort in Electron. Same protocol on both: output is bytes (UTF-8,
// never split inside a character), control messages are JSON text.
// ---------------------------------------------------------------------------

/** watch: read-only and ignore-size (the agent's window keeps its size); interactive: keys and size go through. */
export const TERMINAL_MODES = ['watch', 'interactive'] as const;
export const TerminalModeSchema = z.enum(TERMINAL_MODES);
export type TerminalMode = z.infer<typeof TerminalModeSchema>;

/** Bigger than any real screen, small enough that a bogus size cannot make tmux allocate gigabytes. */
export const TERMINAL_MAX_COLS = 1000;
export const TERMINAL_MAX_ROWS = 500;
const TerminalCols = z.number().int().min(2).max(TERMINAL_MAX_COLS);
const TerminalRows = z.number().int().min(1).max(TERMINAL_MAX_ROWS);

/**
 * Flow control, shared by the pty host and the view (VS Code's numbers):
 * the host pauses reading the pty once this many output bytes are sent but
 * not yet parsed by xterm, and resumes below the low mark; the view
 * acknowledges parsed bytes in steps. The step must not exceed the low mark,
 * or a view holding back one unsent step could keep the host paused forever.
 */
export const TERMINAL_FLOW = {
  /** VS Code's figure: tens of ms of xterm parsing in flight, so a key's echo never queues long behind output. */
  highWatermarkBytes: 100_000,
  /** Resume early enough that xterm does not run dry while the pty refills. */
  lowWatermarkBytes: 5_000,
  /** One ack per 5 kB parsed: far fewer messages than writes, and never more than the low mark held back. */
  ackStepBytes: 5_000,
} as const;

/** One input message at most this long; the view splits bigger pastes. */
export const TERMINAL_MAX_INPUT_CHARS = 64 * 1024;

export const OpenTerminalRequestSchema = z.object({
  sessionId: z.string().min(1),
  mode: TerminalModeSchema,
  /** The view's size, so the first screen tmux draws already fits. */
  cols: TerminalCols,
  rows: TerminalRows,
});
export type OpenTerminalRequest = z.infer<typeof OpenTerminalRequestSchema>;

export const OpenTerminalResponseSchema = z.object({
  /** Names this terminal's channel (WebSocket `?id=` or MessagePort). */
  terminalId: z.string().min(1),
  sessionId: z.string(),
  /** The tmux session name attached to (exact match, `=NAME`). */
  sessionName: z.string(),
  socket: z.string(),
  mode: TerminalModeSchema,
  /** `tmux -S SOCKET attach -t =NAME`, quoted for the user's shell, to paste in a terminal. */
  attachCommand: z.string(),
});
export type OpenTerminalResponse = z.infer<typeof OpenTerminalResponseSchema>;

/** Main asks the dashboard to open (or focus) a session's terminal: tray and notification clicks. */
export const TerminalRequestedSchema = z.object({
  sessionId: z.string().min(1),
  mode: TerminalModeSchema,
});
export type TerminalRequested = z.infer<typeof TerminalRequestedSchema>;

/** A tmux pane's number (`%12` is 12). */
const PaneNumber = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31);

/** View -> host control messages (JSON text). */
export const TerminalClientMessageSchema = z.discriminatedUnion('t', [
  /** Keys and pastes; dropped by the host in watch mode. `pane`: where they go (default: tmux's active pane). */
  z.object({
    t: z.literal('input'),
    data: z.string().min(1).max(TERMINAL_MAX_INPUT_CHARS),
    pane: PaneNumber.optional(),
  }),
  z.object({ t: z.literal('resize'), cols: TerminalCols, rows: TerminalRows }),
  /** Output bytes xterm has parsed since the last ack (of `pane`'s output, when read pane by pane). */
  z.object({
    t: z.literal('ack'),
    bytes: z
      .number()
      .int()
      .positive()
      .max(2 ** 31),
    pane: PaneNumber.optional(),
  }),
  /** Interactive, pane by pane: the user clicked into this pane; tmux makes it the active one. */
  z.object({ t: z.literal('select'), pane: PaneNumber }),
  /** Switch watch/interactive: the host re-attaches with the other flags. */
  z.object({ t: z.literal('mode'), mode: TerminalModeSchema }),
]);
export type TerminalClientMessage = z.infer<typeof TerminalClientMessageSchema>;

/** Why an attach ended, from tmux's own last words and its exit status. */
export const TERMINAL_END_KINDS = [
  /** `[exited]`: the session is gone (its last pane exited, or it was killed). */
  'exited',
  /** `[detached ...]`: someone detached this client (the session lives on). */
  'detached',
  /** `[server exited]` or `[server exited unexpectedly]`: the whole tmux server went away. */
  'serverExited',
  /** `can't find session`: the session vanished before the attach. */
  'notFound',
  /** No tmux server on that socket (socket gone). */
  'noServer',
  /** The tmux binary could not be run. */
  'tmuxMissing',
  /** Anything else tmux said, or an exit without a word. */
  'failed',
] as const;
export const TerminalEndKindSchema = z.enum(TERMINAL_END_KINDS);
export type TerminalEndKind = z.infer<typeof TerminalEndKindSchema>;

export const TerminalEndSchema = z.object({
  kind: TerminalEndKindSchema,
  /** One human line, e.g. "tmux: [exited]" or "the session no longer exists". */
  message: z.string(),
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
});
export type TerminalEnd = z.infer<typeof TerminalEndSchema>;

/** Host -> view control messages (JSON text; output bytes travel as binary). */
export const TerminalServerMessageSchema = z.discriminatedUnion('t', [
  /** A tmux client is attached in this mode (first attach, and after each mode switch). */
  z.object({ t: z.literal('attached'), mode: TerminalModeSchema }),
  /**
   * Watch mode: the size of the agent's window, which the view shows as it
   * is. (tmux 3.3 lets an ignore-size client resize a window when no other
   * client is attached, so the watching client always has the window's own size.)
   */
  z.object({ t: z.literal('size'), cols: TerminalCols, rows: TerminalRows }),
  /**
   * Read pane by pane (tmux 3.2+, see preload/paneFrame.ts): the window on
   * show, in cells, with each pane's place in it (tmux's borders between).
   * Sent before any output of a pane it lists, and again whenever it changes.
   */
  z.object({
    t: z.literal('layout'),
    cols: z.number().int().positive().max(10_000),
    rows: z.number().int().positive().max(10_000),
    active: PaneNumber,
    panes: z.array(
      z.object({
        id: PaneNumber,
        x: z.number().int().nonnegative(),
        y: z.number().int().nonnegative(),
        cols: z.number().int().positive(),
        rows: z.number().int().positive(),
      }),
    ),
  }),
  /** The attach ended; no more output follows. */
  z.object({ t: z.literal('ended'), end: TerminalEndSchema }),
  /** A control message the host could not use (the channel stays open). */
  z.object({ t: z.literal('error'), message: z.string() }),
]);
export type TerminalServerMessage = z.infer<typeof TerminalServerMessageSchema>;

/** `serve`: one WebSocket per terminal, `TERMINAL_WS_PATH?id=TERMINAL_ID`, same cookie and origin checks as `/ws`. */
export const TERMINAL_WS_PATH = '/ws/terminal';

/**
 * Electron: the page asks for a terminal's MessagePort on this channel (send,
 * not invoke: the answer carries a port) ...
 */
export const TERMINAL_PORT_REQUEST_CHANNEL = 'loopwatch:terminal:port-request';
/** ... main sends it to the preload on this one, which forwards it to the page with window.postMessage. */
export const TERMINAL_PORT_CHANNEL = 'loopwatch:terminal:port';
export const TerminalPortRequestSchema = z.object({ terminalId: z.string().min(1) });
export type TerminalPortRequest = z.infer<typeof TerminalPortRequestSchema>;
/** The window message the preload posts to the page, with the port in `event.ports[0]`. */
export const TERMINAL_PORT_WINDOW_MESSAGE = 'loopwatch:terminal-port';
export const TerminalPortWindowMessageSchema = z.object({
  type: z.literal(TERMINAL_PORT_WINDOW_MESSAGE),
  terminalId: z.string().min(1),
});

/** What the preload exposes as `window.loopwatchTerminalPorts` (never ipcRenderer itself). */
export interface TerminalPortBridge {
  /** Ask main for this terminal's port; it arrives as a TERMINAL_PORT_WINDOW_MESSAGE. */
  request(terminalId: string): void;
}
// Dashboard (issue 6): session details, screen peek, review and last-viewed
// marks. Kept in one section so merging with other issues' additions is easy.
// ---------------------------------------------------------------------------

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

/** Operations of the dashboard section, merged into `operations` below. */
const dashboardOperations = {
  getSessionDetails: {
    channel: 'loopwatch:dashboard:details',
    request: SessionRefSchema,
    response: SessionDetailsSchema,
  },
  peekSession: {
    channel: 'loopwatch:dashboard:peek',
    request: PeekRequestSchema,
    response: PeekSchema,
  },
  getSessionMarks: {
    channel: 'loopwatch:dashboard:marks:get',
    request: z.undefined(),
    response: SessionMarksSchema,
  },
  markReviewed: {
    channel: 'loopwatch:dashboard:marks:reviewed',
    request: MarkReviewedRequestSchema,
    response: SessionMarksSchema,
  },
  markViewed: {
    channel: 'loopwatch:dashboard:marks:viewed',
    request: SessionRefSchema,
    response: SessionMarksSchema,
  },
} as const;

/** Events of the dashboard section, merged into `events` below. */
const dashboardEvents = {
  sessionMarks: { channel: 'loopwatch:dashboard:marks:changed', payload: SessionMarksSchema },
} as const;

// Lifecycle actions (issue 7): start, kill, resume, cleanup, agent hooks.
// Every destructive operation comes in two steps: a plan that says what will
// happen (with its evidence), then the act, which re-checks the facts first.
// ---------------------------------------------------------------------------

/** Flags run.sh takes besides its positional arguments (FIELD.md section 1). */
const RunFlagsSchema = z.object({
  provider: z.string().nullable().default(null),
  model: z.string().nullable().default(null),
  context: z.string().nullable().default(null),
  /** `--input FILE`, repeatable. */
  inputs: z.array(z.string()).default([]),
  /** Pass `--force`: start over a crashed or finished run of the same name. */
  force: z.boolean().default(false),
});

export const StartRequestSchema = z.discriminatedUnion('form', [
  /** `./scripts/run.sh TYPE NAME MAX` (or `loop TYPE NAME MAX` with `loop: true`). */
  RunFlagsSchema.extend({
    form: z.literal('stage'),
    projectDir: z.string().min(1),
    type: z.string(),
    name: z.string(),
    max: z.number().int(),
    loop: z.boolean().default(false),
  }),
  /** `./scripts/run.sh pipeline FILE NAME [RUNS]`. */
  RunFlagsSchema.extend({
    form: z.literal('pipeline'),
    projectDir: z.string().min(1),
    file: z.string(),
    name: z.string(),
    runs: z.number().int().nullable().default(null),
  }),
  /** Any command in a new session (remain-on-exit on, so its exit status is kept). */
  z.object({
    form: z.literal('command'),
    /** tmux socket; null = the default server. */
    socket: z.string().nullable().default(null),
    dir: z.string().min(1),
    name: z.string(),
    command: z.array(z.string()).min(1, 'a command is needed'),
  }),
]);
export type StartRequest = z.input<typeof StartRequestSchema>;
export type StartSpec = z.output<typeof StartRequestSchema>;

export const StartPlanSchema = z.object({
  /** False when a problem below stops the start. */
  ok: z.boolean(),
  /** Each problem in words, with the way out (attach, resume, --force). */
  problems: z.array(z.string()),
  /** What will run: the program and its arguments, and where. */
  cwd: z.string(),
  argv: z.array(z.string()),
  /** The same, for people to read (quoted where needed). */
  display: z.string(),
  /** The tmux session it creates, and on which server. */
  sessionName: z.string(),
  socket: z.string(),
});
export type StartPlan = z.infer<typeof StartPlanSchema>;

export const StartResultSchema = z.object({
  sessionName: z.string(),
  socket: z.string(),
  /** The session appeared within the wait. */
  sessionFound: z.boolean(),
  /** The last lines run.sh printed (pipeline forms), for the user to read. */
  output: z.string(),
  attach: z.string(),
  message: z.string(),
});
export type StartResult = z.infer<typeof StartResultSchema>;

export const KillPaneSchema = z.object({
  id: z.string(),
  /** "window.pane", e.g. "0.1". */
  index: z.string(),
  pid: z.number().int().nullable(),
  command: z.string(),
  dead: z.boolean(),
  exitStatus: z.number().int().nullable(),
});

export const PlanKillRequestSchema = z.object({
  name: z.string().min(1),
  /** null: look on every known server (refused if the name exists on several). */
  socket: z.string().nullable().default(null),
});
export type PlanKillRequest = z.input<typeof PlanKillRequestSchema>;

export const KillPlanSchema = z.object({
  socket: z.string(),
  name: z.string(),
  /** tmux's id of the session (`$3`): the kill targets exactly this one. */
  tmuxId: z.string(),
  panes: z.array(KillPaneSchema),
  attachedClients: z.number().int().nonnegative(),
  /** One sentence: "will end tmux session =NAME on SOCKET: 2 panes running claude (pid 1, 2)". */
  summary: z.string(),
  /** What else ends with it, e.g. the pipeline engine holding a run's lock. */
  notes: z.array(z.string()),
  /** Where the screen and scrollback will be saved. */
  historyDir: z.string(),
});
export type KillPlan = z.infer<typeof KillPlanSchema>;

export const KillRequestSchema = z.object({
  socket: z.string().min(1),
  name: z.string().min(1),
  tmuxId: z.string().regex(/^\$\d+$/, 'a tmux session id looks like $3'),
  /** Save the screen and scrollback first (on unless the user explicitly says no). */
  saveHistory: z.boolean().default(true),
});
export type KillRequest = z.input<typeof KillRequestSchema>;

export const KillResultSchema = z.object({
  historyFile: z.string().nullable(),
  message: z.string(),
});
export type KillResult = z.infer<typeof KillResultSchema>;

export const RESUME_MODES = ['resume', 'force'] as const;
export const ResumeRequestSchema = z.object({
  name: z.string().min(1),
  /** null: find the run among the recorded ones and the known projects. */
  projectDir: z.string().nullable().default(null),
  mode: z.enum(RESUME_MODES).default('resume'),
});
export type ResumeRequest = z.input<typeof ResumeRequestSchema>;

/** What Loopwatch knows of a run from its files (lock, state, session, record). */
export const RUN_CONDITIONS = ['live', 'crashed', 'failed', 'complete', 'unknown'] as const;
export const RunSummarySchema = z.object({
  name: z.string(),
  projectDir: z.string(),
  condition: z.enum(RUN_CONDITIONS),
  /** Why that condition, in words (lock holder, state status, session). */
  reason: z.string(),
  /** state.json's status as written, null without a state file. */
  state: z.string().nullable(),
  /** run.sh's arguments as recorded, null when Loopwatch does not know them. */
  args: z.array(z.string()).nullable(),
  canResume: z.boolean(),
  canForce: z.boolean(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const ResumePlanSchema = z.object({
  run: RunSummarySchema,
  mode: z.enum(RESUME_MODES),
  ok: z.boolean(),
  problems: z.array(z.string()),
  cwd: z.string(),
  argv: z.array(z.string()),
  display: z.string(),
});
export type ResumePlan = z.infer<typeof ResumePlanSchema>;

export const ListRunsRequestSchema = z.object({
  /** Extra project dirs (or folders of projects) to look in. */
  projectRoots: z.array(z.string()).default([]),
});

export const CLEANUP_KINDS = [
  'staleLock',
  'orphanSession',
  'zombieState',
  'deadPane',
  'registryEntry',
] as const;
export const CleanupKindSchema = z.enum(CLEANUP_KINDS);
export type CleanupKind = z.infer<typeof CleanupKindSchema>;

export const CleanupItemSchema = z.object({
  /** Stable: the same problem has the same id in every plan (`stale-lock-3f9a2c1b0d`). */
  id: z.string(),
  kind: CleanupKindSchema,
  /** "Stale lock auth in /home/u/project". */
  title: z.string(),
  /** Each fact that makes it a problem. */
  evidence: z.array(z.string()),
  /** What applying it does ("remove .claude/locks/auth.lock"). */
  fix: z.string(),
  /** How old the problem is (since the lock was written, the pane died, ...). */
  ageMs: z.number().nullable(),
  /** Checked by default in the plan (off where it ends a process that may still work). */
  recommended: z.boolean(),
});
export type CleanupItem = z.infer<typeof CleanupItemSchema>;

export const PlanCleanupRequestSchema = z.object({
  /** Only problems older than this (`30m`, `2h`, `2d`); null for all. */
  olderThan: z.string().nullable().default(null),
  projectRoots: z.array(z.string()).default([]),
});
export type PlanCleanupRequest = z.input<typeof PlanCleanupRequestSchema>;

export const CleanupPlanSchema = z.object({
  planId: z.string(),
  createdAt: IsoTime,
  olderThanMs: z.number().nullable(),
  items: z.array(CleanupItemSchema),
  /** Problems left out by the age filter. */
  youngerCount: z.number().int().nonnegative(),
  /** Where it looked. */
  projects: z.array(z.string()),
  servers: z.array(z.object({ socket: z.string(), state: z.string() })),
  registries: z.array(z.string()),
  /** Files it could not read, and the like. */
  warnings: z.array(z.string()),
});
export type CleanupPlan = z.infer<typeof CleanupPlanSchema>;

export const ApplyCleanupRequestSchema = z.object({
  planId: z.string().min(1),
  itemIds: z.array(z.string()),
});
export type ApplyCleanupRequest = z.input<typeof ApplyCleanupRequestSchema>;

export const CleanupResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  outcome: z.enum(['done', 'skipped', 'failed']),
  /** What was done, or why not. */
  detail: z.string(),
});
export type CleanupResult = z.infer<typeof CleanupResultSchema>;

export const ApplyCleanupResultSchema = z.object({
  results: z.array(CleanupResultSchema),
  warnings: z.array(z.string()),
});
export type ApplyCleanupResult = z.infer<typeof ApplyCleanupResultSchema>;

export const HOOK_AGENTS = ['claude'] as const;
export const HooksRequestSchema = z.object({ agent: z.enum(HOOK_AGENTS).default('claude') });

export const HooksStatusSchema = z.object({
  agent: z.enum(HOOK_AGENTS),
  file: z.string(),
  /** missing: no settings file yet (install creates it); invalid: Loopwatch will not touch it. */
  fileState: z.enum(['missing', 'ok', 'invalid']),
  error: z.string().nullable(),
  /** The command Loopwatch's entries run. */
  command: z.string(),
  events: z.array(
    z.object({
      event: z.string(),
      matcher: z.string().nullable(),
      installed: z.boolean(),
      /** Installed and pointing at this Loopwatch (not an old path). */
      current: z.boolean(),
    }),
  ),
  installed: z.enum(['all', 'some', 'none']),
});
export type HooksStatus = z.infer<typeof HooksStatusSchema>;

export const HooksChangeSchema = z.object({
  status: HooksStatusSchema,
  changed: z.boolean(),
  /** The copy of the settings file made before writing, if it was written. */
  backup: z.string().nullable(),
  message: z.string(),
});
export type HooksChange = z.infer<typeof HooksChangeSchema>;

/** The lifecycle operations, merged into the table below. */
const lifecycleOperations = {
  planStart: {
    channel: 'loopwatch:actions:plan-start',
    request: StartRequestSchema,
    response: StartPlanSchema,
  },
  startSession: {
    channel: 'loopwatch:actions:start',
    request: StartRequestSchema,
    response: StartResultSchema,
  },
  planKill: {
    channel: 'loopwatch:actions:plan-kill',
    request: PlanKillRequestSchema,
    response: KillPlanSchema,
  },
  killSession: {
    channel: 'loopwatch:actions:kill',
    request: KillRequestSchema,
    response: KillResultSchema,
  },
  listRuns: {
    channel: 'loopwatch:actions:list-runs',
    request: ListRunsRequestSchema,
    response: z.array(RunSummarySchema),
  },
  planResume: {
    channel: 'loopwatch:actions:plan-resume',
    request: ResumeRequestSchema,
    response: ResumePlanSchema,
  },
  resumeRun: {
    channel: 'loopwatch:actions:resume',
    request: ResumeRequestSchema,
    response: StartResultSchema,
  },
  planCleanup: {
    channel: 'loopwatch:actions:plan-cleanup',
    request: PlanCleanupRequestSchema,
    response: CleanupPlanSchema,
  },
  applyCleanup: {
    channel: 'loopwatch:actions:apply-cleanup',
    request: ApplyCleanupRequestSchema,
    response: ApplyCleanupResultSchema,
  },
  hooksStatus: {
    channel: 'loopwatch:hooks:status',
    request: HooksRequestSchema,
    response: HooksStatusSchema,
  },
  hooksInstall: {
    channel: 'loopwatch:hooks:install',
    request: HooksRequestSchema,
    response: HooksChangeSchema,
  },
  hooksUninstall: {
    channel: 'loopwatch:hooks:uninstall',
    request: HooksRequestSchema,
    response: HooksChangeSchema,
  },
} as const;

/** The lifecycle section's operation names (their handlers live in main/api/actionHandlers.ts). */
export type LifecycleOperationName = keyof typeof lifecycleOperations;

// ---------------------------------------------------------------------------
// Tray, notifications and settings (issue 5): what the tray icon, the page
// title and favicon show; the notifications main raises; the user's settings.
// ---------------------------------------------------------------------------

/** The tray icon's states, worst first: the icon shows the worst session. */
export const TRAY_STATES = ['crashed', 'waiting', 'working', 'idle', 'none'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

/** Which tray state a session status counts towards ('none' is "no sessions"). */
export const TRAY_STATE_OF_STATUS: Readonly<Record<SessionStatus, Exclude<TrayState, 'none'>>> = {
  crashed: 'crashed',
  waiting: 'waiting',
  working: 'working',
  starting: 'working',
  idle: 'idle',
  done: 'idle',
  unknown: 'idle',
};

/** Statuses that need the user: they make up the attention count (tray badge, page title). */
export const ATTENTION_STATUSES: ReadonlySet<SessionStatus> = new Set(['waiting', 'crashed']);

/** The worst tray state among these statuses; 'none' when there are none. */
export function trayStateOf(statuses: Iterable<SessionStatus>): TrayState {
  let worst = TRAY_STATES.indexOf('none');
  for (const status of statuses) {
    worst = Math.min(worst, TRAY_STATES.indexOf(TRAY_STATE_OF_STATUS[status]));
  }
  return TRAY_STATES[worst]!;
}

/** How many of these statuses need the user. */
export function attentionCount(statuses: Iterable<SessionStatus>): number {
  let count = 0;
  for (const status of statuses) if (ATTENTION_STATUSES.has(status)) count += 1;
  return count;
}

/**
 * Each tray state's colour, shared by the tray icons (main) and the page's
 * favicon (renderer). Mid-tone fills with a darker rim read on light and
 * dark panels alike; `glyph` is the colour of the mark drawn on the fill.
 */
export const TRAY_STATE_COLORS: Readonly<
  Record<TrayState, { fill: string; rim: string; glyph: string }>
> = {
  crashed: { fill: '#e5484d', rim: '#a3161b', glyph: '#ffffff' },
  waiting: { fill: '#f5a524', rim: '#9a5b00', glyph: '#1f1300' },
  working: { fill: '#3b82f6', rim: '#1d4ed8', glyph: '#ffffff' },
  idle: { fill: '#22a55b', rim: '#12693a', glyph: '#ffffff' },
  none: { fill: '#8b9098', rim: '#5b6068', glyph: '#ffffff' },
};

export const NOTIFICATION_KINDS = ['needsYou', 'finished', 'crashed'] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** A notification the policy decided to show (natively in Electron, in the browser in `serve`). */
export const NotificationSchema = z.object({
  /** Unique per process; browsers replace notifications with the same tag, so tabs do not repeat it. */
  id: z.string().min(1),
  kind: NotificationKindSchema,
  title: z.string(),
  body: z.string(),
  /** The session a click opens; null for a summary of several (a click opens the dashboard). */
  sessionId: z.string().nullable(),
  /** Every session it speaks of. */
  sessionIds: z.array(z.string()),
  /** Play no sound (the "sound" setting is off). */
  silent: z.boolean(),
  at: IsoTime,
});
export type LoopwatchNotification = z.infer<typeof NotificationSchema>;

/** Views main may ask the dashboard to show (tray menu: Settings..., Clean up...). */
export const VIEW_NAMES = ['dashboard', 'settings', 'cleanup'] as const;
export const ViewRequestSchema = z.object({ view: z.enum(VIEW_NAMES) });
export type ViewRequest = z.infer<typeof ViewRequestSchema>;

/** Which session's terminal has the keyboard in this page (null: none, or the page lost focus). */
export const FocusReportSchema = z.object({ sessionId: z.string().min(1).nullable() });
export type FocusReport = z.infer<typeof FocusReportSchema>;

/** "Pause notifications": for an hour, or until tomorrow morning; main computes the end. */
export const PAUSE_CHOICES = ['oneHour', 'tomorrowMorning'] as const;
export const PauseChoiceSchema = z.enum(PAUSE_CHOICES);
export type PauseChoice = z.infer<typeof PauseChoiceSchema>;
/** A pause to start, or `null` to resume notifications now. */
export const PauseRequestSchema = z.object({ choice: PauseChoiceSchema.nullable() });

export const THEMES = ['system', 'light', 'dark'] as const;

const AbsolutePath = z.string().regex(/^\//, 'an absolute path, starting with /');

/** The settings' fields without defaults: what a patch may carry. */
const settingsShape = {
  /** tmux sockets to watch besides the ones found in the socket directory. */
  extraSockets: z.array(AbsolutePath),
  /** Directories holding projects whose pipeline runs to watch. */
  projectRoots: z.array(AbsolutePath),
  notifyNeedsYou: z.boolean(),
  notifyFinished: z.boolean(),
  notifyCrashed: z.boolean(),
  sound: z.boolean(),
  /** Session ids that never notify. */
  mutedSessions: z.array(z.string().min(1)),
  /** No notifications before this time; null when not paused. */
  pausedUntil: IsoTime.nullable(),
  startAtLogin: z.boolean(),
  theme: z.enum(THEMES),
  ...logSettingsShape,
};

/** The user's settings; a missing field takes its default. */
export const SettingsSchema = z.object({
  extraSockets: settingsShape.extraSockets.default(() => []),
  projectRoots: settingsShape.projectRoots.default(() => []),
  notifyNeedsYou: settingsShape.notifyNeedsYou.default(true),
  notifyFinished: settingsShape.notifyFinished.default(true),
  notifyCrashed: settingsShape.notifyCrashed.default(true),
  sound: settingsShape.sound.default(true),
  mutedSessions: settingsShape.mutedSessions.default(() => []),
  pausedUntil: settingsShape.pausedUntil.default(null),
  startAtLogin: settingsShape.startAtLogin.default(false),
  theme: settingsShape.theme.default('system'),
  ...logSettingsDefaults,
});
export type Settings = z.output<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** A change to some settings; unknown fields are refused, not ignored. */
export const SettingsPatchSchema = z.strictObject(settingsShape).partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** The settings with what the settings view needs to say about them. */
export const SettingsStateSchema = z.object({
  settings: SettingsSchema,
  /** Something the user must know, e.g. a corrupted file was moved aside; null when all is well. */
  notice: z.string().nullable(),
  /** Where they are stored. */
  file: z.string(),
  /** Whether this process can register itself to start at login (the desktop app can; `serve` cannot). */
  startAtLoginSupported: z.boolean(),
});
export type SettingsState = z.infer<typeof SettingsStateSchema>;

/** Operations of this section (spread into the `operations` table below). */
const shellOperations = {
  getSettings: {
    channel: 'loopwatch:settings:get',
    request: z.undefined(),
    response: SettingsStateSchema,
  },
  updateSettings: {
    channel: 'loopwatch:settings:update',
    request: SettingsPatchSchema,
    response: SettingsStateSchema,
  },
  pauseNotifications: {
    channel: 'loopwatch:notifications:pause',
    request: PauseRequestSchema,
    response: SettingsStateSchema,
  },
  reportFocus: {
    channel: 'loopwatch:focus:report',
    request: FocusReportSchema,
    response: z.null(),
  },
} as const;

/** Events of this section (spread into the `events` table below). */
const shellEvents = {
  settingsChanged: { channel: 'loopwatch:settings:changed', payload: SettingsStateSchema },
  /** Shown by the page with the browser's Notification API (`serve` only; Electron shows its own). */
  notification: { channel: 'loopwatch:notification', payload: NotificationSchema },
  viewRequested: { channel: 'loopwatch:view:requested', payload: ViewRequestSchema },
} as const;

// ---------------------------------------------------------------------------
// Channels: the allowlist. Request/response operations and pushed events.
// ---------------------------------------------------------------------------

const NoPayload = z.undefined();

/** Invoke-style operations: renderer asks, main answers. */
export const operations = {
  getSnapshot: {
    channel: 'loopwatch:sessions:get',
    request: NoPayload,
    response: SnapshotSchema,
  },
  /** Attach a live terminal to a session (issue 4); the channel is opened next. */
  openTerminal: {
    channel: 'loopwatch:terminal:open',
    request: OpenTerminalRequestSchema,
    response: OpenTerminalResponseSchema,
  },
  ...dashboardOperations,
  ...lifecycleOperations,
  ...shellOperations,
  ...keepOperations,
} as const;

/** Events pushed from main to the renderer. */
export const events = {
  sessionsDelta: { channel: 'loopwatch:sessions:delta', payload: SessionsDeltaSchema },
  transition: { channel: 'loopwatch:sessions:transition', payload: TransitionSchema },
  /** Open or focus a session's terminal (issue 4; sent by the tray and notifications). */
  terminalRequested: { channel: 'loopwatch:terminal:requested', payload: TerminalRequestedSchema },
  ...dashboardEvents,
  ...shellEvents,
} as const;

export type OperationName = keyof typeof operations;
export type EventName = keyof typeof events;
export type OperationRequest<K extends OperationName> = z.input<(typeof operations)[K]['request']>;
export type OperationResponse<K extends OperationName> = z.output<
  (typeof operations)[K]['response']
>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]['payload']>;

export type Unsubscribe = () => void;

/** `onSessionsDelta`, `onTransition`, ... from the event table. */
export type EventSubscriptionName<K extends EventName> = `on${Capitalize<K>}`;

export function subscriptionName<K extends EventName>(name: K): EventSubscriptionName<K> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as EventSubscriptionName<K>;
}

/**
 * The API object every UI talks to. The Electron preload exposes it on
 * `window.loopwatch`; in a browser the WebSocket client implements it.
 */
export type LoopwatchApi = {
  [K in OperationName]: (
    ...args: OperationRequest<K> extends undefined ? [] : [request: OperationRequest<K>]
  ) => Promise<OperationResponse<K>>;
} & {
  [K in EventName as EventSubscriptionName<K>]: (
    listener: (payload: EventPayload<K>) => void,
  ) => Unsubscribe;
};

/** Every channel name, for main-side allowlist checks. */
export const ALLOWED_CHANNELS: ReadonlySet<string> = new Set([
  ...Object.values(operations).map((o) => o.channel),
  ...Object.values(events).map((e) => e.channel),
  TERMINAL_PORT_REQUEST_CHANNEL,
  TERMINAL_PORT_CHANNEL,
]);

// ---------------------------------------------------------------------------
// The `serve` WebSocket envelope (text frames; terminal data uses binary).
// ---------------------------------------------------------------------------

export const WsClientMessageSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  op: z.string(),
  payload: z.unknown().optional(),
});
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;

export const WsServerMessageSchema = z.union([
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(false), error: z.string() }),
  z.object({ t: z.literal('evt'), ev: z.string(), payload: z.unknown() }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessageSchema>;

/**
 * Parse a payload with its schema; on failure throw an Error whose message
 * says which field is wrong and why, in one line.
 */
export function parsePayload<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ContractError(what, result.error);
}

export class ContractError extends Error {
  constructor(what: string, error: z.ZodError) {
    const first = error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
      .join('; ');
    super(`invalid ${what}: ${first}`);
    this.name = 'ContractError';
  }
}

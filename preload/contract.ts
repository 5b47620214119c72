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
  /** Pipeline tmux session with no lock and no state. */
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
});
export type PipelineInfo = z.infer<typeof PipelineInfoSchema>;

export const SchmuxInfoSchema = z.object({
  id: z.string(),
  workspaceId: z.string().nullable(),
  nickname: z.string().nullable(),
  target: z.string().nullable(),
  state: z.string().nullable(),
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

export const TERMINAL_MODES = ['watch', 'interactive'] as const;
export const OpenTerminalRequestSchema = z.object({
  sessionId: z.string().min(1),
  mode: z.enum(TERMINAL_MODES),
});
export type OpenTerminalRequest = z.infer<typeof OpenTerminalRequestSchema>;

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
  /** Open this session's terminal (tray menu, notification click). */
  openTerminalRequested: { channel: 'loopwatch:terminal:open', payload: OpenTerminalRequestSchema },
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
  ...shellOperations,
} as const;

/** Events pushed from main to the renderer. */
export const events = {
  sessionsDelta: { channel: 'loopwatch:sessions:delta', payload: SessionsDeltaSchema },
  transition: { channel: 'loopwatch:sessions:transition', payload: TransitionSchema },
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

/**
 * The channel table: every operation (request/response) and every event
 * (pushed from main) with its channel name and schemas, and the allowlist
 * derived from them. The API type is derived from the same tables, so a
 * channel cannot exist on one side only. Every `loopwatch:*` name lives here.
 */
import { z } from 'zod';
import {
  ApplyCleanupRequestSchema,
  ApplyCleanupResultSchema,
  CleanupPlanSchema,
  HooksChangeSchema,
  HooksRequestSchema,
  HooksStatusSchema,
  KillPlanSchema,
  KillRequestSchema,
  KillResultSchema,
  ListRunsRequestSchema,
  PlanCleanupRequestSchema,
  PlanKillRequestSchema,
  ResumePlanSchema,
  ResumeRequestSchema,
  RunSummarySchema,
  StartPlanSchema,
  StartRequestSchema,
  StartResultSchema,
} from './actions';
import {
  AnswerPromptRequestSchema,
  AnswerPromptResultSchema,
  MarkReviewedRequestSchema,
  SetNicknameRequestSchema,
  PeekRequestSchema,
  PeekSchema,
  SessionDetailsSchema,
  SessionMarksSchema,
  SessionRefSchema,
} from './dashboard';
import {
  FocusReportSchema,
  NotificationSchema,
  PauseRequestSchema,
  ViewRequestSchema,
} from './notifications';
import { SessionsDeltaSchema, SnapshotSchema, TransitionSchema } from './sessions';
import { keepOperations } from './keep';
import { SettingsPatchSchema, SettingsStateSchema } from './settings';
import {
  OpenTerminalRequestSchema,
  OpenTerminalResponseSchema,
  TerminalRequestedSchema,
} from './terminal';

// Terminal ports (Electron): sent, not invoked, so they are outside the tables.

/**
 * Electron: the page asks for a terminal's MessagePort on this channel (send,
 * not invoke: the answer carries a port) ...
 */
export const TERMINAL_PORT_REQUEST_CHANNEL = 'loopwatch:terminal:port-request';
/** ... main sends it to the preload on this one, which forwards it to the page with window.postMessage. */
export const TERMINAL_PORT_CHANNEL = 'loopwatch:terminal:port';

/** Dashboard (issue 6): details, peek and marks. */
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
  setNickname: {
    channel: 'loopwatch:dashboard:marks:nickname',
    request: SetNicknameRequestSchema,
    response: SessionMarksSchema,
  },
  answerPrompt: {
    channel: 'loopwatch:dashboard:answer',
    request: AnswerPromptRequestSchema,
    response: AnswerPromptResultSchema,
  },
} as const;

/** Dashboard events. */
const dashboardEvents = {
  sessionMarks: { channel: 'loopwatch:dashboard:marks:changed', payload: SessionMarksSchema },
} as const;

/** Lifecycle actions (issue 7): start, kill, resume, cleanup, agent hooks. */
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

/** Settings and notifications (issue 5). */
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

/** Settings and notification events. */
const shellEvents = {
  settingsChanged: { channel: 'loopwatch:settings:changed', payload: SettingsStateSchema },
  /** Shown by the page with the browser's Notification API (`serve` only; Electron shows its own). */
  notification: { channel: 'loopwatch:notification', payload: NotificationSchema },
  viewRequested: { channel: 'loopwatch:view:requested', payload: ViewRequestSchema },
} as const;

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

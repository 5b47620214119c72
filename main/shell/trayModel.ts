/**
 * The tray model: from the sessions and the settings to what the tray shows
 * (icon state, attention count, tooltip, title, menu). Plain data, no
 * electron: main/electron/trayController.ts maps it onto a `Tray`.
 */
import {
  attentionCount,
  trayStateOf,
  type HostHealth,
  type PauseChoice,
  type Session,
  type SessionStatus,
  type Settings,
  type TrayState,
} from '../../preload/contract';
import { groupedByHost } from './trayHosts';

/** A menu group lists this many sessions, then "N more…" (the menu must fit the screen). */
export const MENU_SESSIONS_PER_GROUP = 8;
/** Reasons longer than this are cut in menu labels. */
export const MENU_REASON_CHARS = 48;
/** "Pause until tomorrow" lasts until this local hour the next day: a night's finishes stay quiet. */
export const PAUSE_UNTIL_TOMORROW_HOUR = 8;
/** "Pause for 1 hour". */
export const PAUSE_HOUR_MS = 60 * 60 * 1000;

/** When a pause chosen now ends. */
export function pauseEnd(choice: PauseChoice, nowMs: number): number {
  return choice === 'oneHour' ? nowMs + PAUSE_HOUR_MS : tomorrowMorning(nowMs);
}

export type TrayAction =
  | { type: 'openDashboard' }
  | { type: 'openSession'; sessionId: string }
  /** Computed when clicked (pauseEnd), not when the menu was built: a menu can stay open for hours. */
  | { type: 'pause'; until: PauseChoice }
  | { type: 'resume' }
  | { type: 'cleanup' }
  | { type: 'settings' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'header'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] };

export interface TrayModel {
  state: TrayState;
  /** Sessions needing the user (waiting + crashed). */
  attention: number;
  tooltip: string;
  /** Text beside the icon where the platform shows one (macOS): the count, or empty. */
  title: string;
  menu: TrayMenuItem[];
  /** When notifications resume by themselves (the model changes then); null when not paused. */
  pausedUntil: number | null;
}

/** Menu groups, most urgent first; each lists the statuses it holds. */
const GROUPS: readonly { label: string; statuses: readonly SessionStatus[] }[] = [
  { label: 'Needs you', statuses: ['waiting'] },
  { label: 'Crashed', statuses: ['crashed'] },
  { label: 'Working', statuses: ['working', 'starting'] },
  { label: 'Idle', statuses: ['idle'] },
  { label: 'Done', statuses: ['done'] },
  { label: 'Unknown', statuses: ['unknown'] },
];

/** Tooltip words in the order users read them: what runs, then what needs them, then the rest. */
const TOOLTIP_ORDER: readonly SessionStatus[] = [
  'working',
  'waiting',
  'crashed',
  'idle',
  'done',
  'unknown',
];
/** `starting` is counted as working: both mean "busy, leave it be". */
const TOOLTIP_STATUS = (status: SessionStatus): SessionStatus =>
  status === 'starting' ? 'working' : status;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** When "until tomorrow" ends: PAUSE_UNTIL_TOMORROW_HOUR o'clock local time on the next day. */
export function tomorrowMorning(nowMs: number): number {
  const date = new Date(nowMs);
  date.setDate(date.getDate() + 1);
  date.setHours(PAUSE_UNTIL_TOMORROW_HOUR, 0, 0, 0);
  return date.getTime();
}

/** "14:05" in local time. */
function clockTime(ms: number): string {
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

function pausedUntilMs(settings: Settings, nowMs: number): number | null {
  if (settings.pausedUntil === null) return null;
  const until = Date.parse(settings.pausedUntil);
  return until > nowMs ? until : null;
}

export function tooltipOf(sessions: readonly Session[], pausedUntil: number | null): string {
  const counts = new Map<SessionStatus, number>();
  for (const session of sessions) {
    const status = TOOLTIP_STATUS(session.status);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const parts = TOOLTIP_ORDER.filter((status) => counts.has(status)).map(
    (status) => `${counts.get(status)} ${status}`,
  );
  const summary = parts.length > 0 ? parts.join(' · ') : 'no sessions';
  const paused =
    pausedUntil === null ? '' : ` · notifications paused until ${clockTime(pausedUntil)}`;
  return `Loopwatch: ${summary}${paused}`;
}

function sessionLabel(session: Session): string {
  const attention = session.status === 'waiting' || session.status === 'crashed';
  return attention && session.reason
    ? `${session.displayName} — ${truncate(session.reason, MENU_REASON_CHARS)}`
    : session.displayName;
}

function sessionGroups(sessions: readonly Session[]): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  for (const group of GROUPS) {
    const members = sessions
      .filter((s) => group.statuses.includes(s.status))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    if (members.length === 0) continue;
    items.push({ kind: 'header', label: `${group.label} (${members.length})` });
    for (const session of members.slice(0, MENU_SESSIONS_PER_GROUP)) {
      items.push({
        kind: 'action',
        label: sessionLabel(session),
        action: { type: 'openSession', sessionId: session.id },
      });
    }
    const more = members.length - MENU_SESSIONS_PER_GROUP;
    if (more > 0) {
      items.push({ kind: 'action', label: `${more} more…`, action: { type: 'openDashboard' } });
    }
  }
  if (items.length === 0) items.push({ kind: 'header', label: 'No sessions' });
  return items;
}

function pauseMenu(pausedUntil: number | null, nowMs: number): TrayMenuItem {
  if (pausedUntil !== null) {
    return {
      kind: 'submenu',
      label: `Notifications paused until ${clockTime(pausedUntil)}`,
      items: [{ kind: 'action', label: 'Resume notifications', action: { type: 'resume' } }],
    };
  }
  return {
    kind: 'submenu',
    label: 'Pause notifications',
    items: [
      { kind: 'action', label: 'For 1 hour', action: { type: 'pause', until: 'oneHour' } },
      {
        kind: 'action',
        label: `Until tomorrow ${clockTime(tomorrowMorning(nowMs))}`,
        action: { type: 'pause', until: 'tomorrowMorning' },
      },
    ],
  };
}

export function buildTrayModel(
  sessions: readonly Session[],
  settings: Settings,
  nowMs: number,
  /** Remote hosts (issue 17): with any, the menu groups sessions by host. */
  hosts: readonly HostHealth[] = [],
): TrayModel {
  const statuses = sessions.map((s) => s.status);
  const attention = attentionCount(statuses);
  const pausedUntil = pausedUntilMs(settings, nowMs);
  return {
    state: trayStateOf(statuses),
    attention,
    tooltip: tooltipOf(sessions, pausedUntil),
    title: attention > 0 ? String(attention) : '',
    pausedUntil,
    menu: [
      ...(hosts.length > 0 || sessions.some((s) => s.host)
        ? groupedByHost(sessions, hosts, sessionGroups)
        : sessionGroups(sessions)),
      { kind: 'separator' },
      { kind: 'action', label: 'Open dashboard', action: { type: 'openDashboard' } },
      pauseMenu(pausedUntil, nowMs),
      { kind: 'action', label: 'Clean up…', action: { type: 'cleanup' } },
      { kind: 'action', label: 'Settings…', action: { type: 'settings' } },
      { kind: 'separator' },
      { kind: 'action', label: 'Quit Loopwatch', action: { type: 'quit' } },
    ],
  };
}

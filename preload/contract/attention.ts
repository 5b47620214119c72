/**
 * What the tray icon, the page title and the favicon show: the worst
 * session's state and how many sessions need the user. Pure functions of the
 * statuses, shared by main and the renderer.
 */
import type { SessionStatus } from './sessions';

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

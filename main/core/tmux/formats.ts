/**
 * The one `list-panes -a` query the supervisor polls, and its parser.
 *
 * Ids, numbers and flags are joined by U+001F; names, paths, commands and
 * titles are framed by a marker drawn for each query (see framedFormat):
 * tmux prints directories and argv raw, newlines and U+001F included.
 */
import type { Pane } from '../../../preload/contract';
import { framedFormat, newFrameMarker } from './framedFormat';

export const FIELD_SEPARATOR = '\x1f';

/** Fixed-alphabet fields of the pane query: name -> tmux format variable. */
const PANE_FIXED_FIELDS = [
  ['sessionId', 'session_id'],
  ['sessionCreated', 'session_created'],
  ['sessionWindows', 'session_windows'],
  ['windowIndex', 'window_index'],
  ['windowActivity', 'window_activity'],
  ['windowBell', 'window_bell_flag'],
  // The session's current window (its active pane is the one a client attaching lands on).
  ['windowActive', 'window_active'],
  ['paneId', 'pane_id'],
  ['paneIndex', 'pane_index'],
  ['paneActive', 'pane_active'],
  ['panePid', 'pane_pid'],
  ['paneWidth', 'pane_width'],
  ['paneHeight', 'pane_height'],
  ['paneDead', 'pane_dead'],
  ['paneDeadStatus', 'pane_dead_status'],
  ['paneDeadSignal', 'pane_dead_signal'],
  ['paneDeadTime', 'pane_dead_time'],
  ['cursorX', 'cursor_x'],
  ['cursorY', 'cursor_y'],
  ['historySize', 'history_size'],
  // The window option: on/failed keep the pane when its process ends (a poll must find it).
  ['keepsDead', 'remain-on-exit'],
] as const;

/** Free-text fields: any byte a name, directory, argv or option may hold. */
const PANE_FREE_FIELDS = [
  ['sessionName', 'session_name'],
  ['sessionPath', 'session_path'],
  ['paneCommand', 'pane_current_command'],
  ['panePath', 'pane_current_path'],
  // The user's hint of which agent runs here (`set -p @loopwatch-agent codex`), cut to an id's characters.
  ['agentOption', 's/[^a-zA-Z0-9_-]//:@loopwatch-agent'],
  ['paneTitle', 'pane_title'],
] as const;

/** Every field, fixed then free, in the order the parser reads them (tests build tmux's output from it). */
export const PANE_FIELDS: readonly (readonly [PaneField, string])[] = [
  ...PANE_FIXED_FIELDS,
  ...PANE_FREE_FIELDS,
];

type PaneField = (typeof PANE_FIXED_FIELDS)[number][0] | (typeof PANE_FREE_FIELDS)[number][0];

/**
 * The pane query for one poll: its `-F` format (framed by `marker`, fresh
 * by default) and the parser of its output.
 */
export function paneQuery(marker: string = newFrameMarker()): {
  format: string;
  parse(output: string): TmuxSessionFacts[];
} {
  const framed = framedFormat(
    PANE_FIXED_FIELDS.map(([, v]) => v),
    PANE_FREE_FIELDS.map(([, v]) => v),
    marker,
  );
  return {
    format: framed.format,
    parse: (output) =>
      sessionsOf(
        framed.parse(output).map(({ fixed, free }) => {
          const values = new Map<PaneField, string>();
          PANE_FIXED_FIELDS.forEach(([name], i) => values.set(name, fixed[i] ?? ''));
          PANE_FREE_FIELDS.forEach(([name], i) => values.set(name, free[i] ?? ''));
          return (name: PaneField): string => values.get(name) ?? '';
        }),
      ),
  };
}

/** `list-clients` query: which session each client watches, and its flags. */
export const CLIENT_FORMAT = ['#{session_id}', '#{client_flags}', '#{client_control_mode}'].join(
  FIELD_SEPARATOR,
);

/** Everything one poll tells about a pane, beyond the contract's Pane. */
export interface PaneFacts extends Pane {
  windowActivity: number | null;
  /** Its window is its session's current window. */
  windowActive: boolean;
  /** When the pane died, seconds since the epoch (null while alive). */
  deadAt: number | null;
  /** The pid the pane ran, once it is dead (to read its exit before tmux does). */
  deadPid: number | null;
  /** When Loopwatch first saw the pane dead (ms), null while alive. */
  deadSeenAt: number | null;
  /** remain-on-exit is on (or "failed") for its window: its death closes nothing, so tmux says nothing. */
  keepsDead: boolean;
  bell: boolean;
  cursorX: number;
  cursorY: number;
  historySize: number;
  /** The pane's `@loopwatch-agent` option (window/session/global too), '' when unset. */
  agentOption?: string;
}

export interface TmuxSessionFacts {
  sessionId: string;
  name: string;
  createdAt: number | null;
  windows: number;
  path: string;
  panes: PaneFacts[];
  /** Latest window activity, seconds since the epoch (tmux's resolution). */
  lastActivity: number | null;
  attachedClients: number;
}

function int(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const n = Number(text);
  return Number.isInteger(n) ? n : null;
}

/** Group the pane records of one `list-panes -a` into sessions (in tmux's order). */
function sessionsOf(records: readonly ((name: PaneField) => string)[]): TmuxSessionFacts[] {
  const sessions = new Map<string, TmuxSessionFacts>();
  for (const field of records) {
    const sessionId = field('sessionId');
    let session = sessions.get(sessionId);
    if (!session) {
      session = {
        sessionId,
        name: field('sessionName'),
        createdAt: int(field('sessionCreated')),
        windows: int(field('sessionWindows')) ?? 0,
        path: field('sessionPath'),
        panes: [],
        lastActivity: null,
        attachedClients: 0,
      };
      sessions.set(sessionId, session);
    }
    const dead = field('paneDead') === '1';
    const windowActivity = int(field('windowActivity'));
    const pane: PaneFacts = {
      id: field('paneId'),
      windowIndex: int(field('windowIndex')) ?? 0,
      paneIndex: int(field('paneIndex')) ?? 0,
      active: field('paneActive') === '1',
      pid: dead ? null : positive(int(field('panePid'))),
      currentCommand: field('paneCommand'),
      currentPath: field('panePath'),
      title: field('paneTitle'),
      width: int(field('paneWidth')) ?? 0,
      height: int(field('paneHeight')) ?? 0,
      dead,
      exitStatus: dead ? int(field('paneDeadStatus')) : null,
      exitSignal: dead ? positive(int(field('paneDeadSignal'))) : null,
      windowActivity,
      windowActive: field('windowActive') === '1',
      deadAt: dead ? int(field('paneDeadTime')) : null,
      deadPid: dead ? positive(int(field('panePid'))) : null,
      deadSeenAt: null,
      bell: field('windowBell') === '1',
      cursorX: int(field('cursorX')) ?? 0,
      cursorY: int(field('cursorY')) ?? 0,
      historySize: int(field('historySize')) ?? 0,
      keepsDead: field('keepsDead') === 'on' || field('keepsDead') === 'failed',
      agentOption: field('agentOption'),
    };
    session.panes.push(pane);
    if (windowActivity !== null && (session.lastActivity ?? 0) < windowActivity) {
      session.lastActivity = windowActivity;
    }
  }
  return [...sessions.values()];
}

function positive(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}

/**
 * Count human clients per session id from `list-clients -F CLIENT_FORMAT`.
 * Control clients that attached with `no-output` are supervisors like us,
 * not people, and are left out.
 */
export function countHumanClients(output: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const [sessionId = '', flags = '', control = ''] = line.split(FIELD_SEPARATOR);
    const flagList = flags.split(',');
    const supervisor = control === '1' && flagList.includes('no-output');
    if (supervisor || sessionId === '') continue;
    counts.set(sessionId, (counts.get(sessionId) ?? 0) + 1);
  }
  return counts;
}

/**
 * The cheap frequent poll: only what changes without a tmux notification
 * (output, a bell, a pane dying), for only the panes where it may have
 * changed (see `fastFilter`). Title last: it is free text.
 */
const FAST_FIELDS = [
  ['paneId', 'pane_id'],
  ['paneDead', 'pane_dead'],
  ['paneDeadStatus', 'pane_dead_status'],
  ['paneDeadSignal', 'pane_dead_signal'],
  ['paneDeadTime', 'pane_dead_time'],
  ['windowActivity', 'window_activity'],
  ['windowBell', 'window_bell_flag'],
  ['cursorX', 'cursor_x'],
  ['cursorY', 'cursor_y'],
  ['historySize', 'history_size'],
  ['paneTitle', 'pane_title'],
] as const;

export const FAST_PANE_FORMAT = FAST_FIELDS.map(([, v]) => `#{${v}}`).join(FIELD_SEPARATOR);

/**
 * `list-panes -f` filter: panes whose window had output since `sinceSeconds`
 * (tmux's activity clock has whole seconds), panes with a bell, dead panes.
 * Everything else cannot have changed in a way this poll looks for.
 */
export function fastFilter(sinceSeconds: number): string {
  const since = Math.max(0, Math.floor(sinceSeconds));
  return `#{||:#{pane_dead},#{||:#{window_bell_flag},#{e|>=:#{window_activity},${since}}}}`;
}

/** What a fast poll tells about one pane. */
export type FastPaneFacts = Pick<
  PaneFacts,
  | 'id'
  | 'dead'
  | 'exitStatus'
  | 'exitSignal'
  | 'deadAt'
  | 'windowActivity'
  | 'bell'
  | 'cursorX'
  | 'cursorY'
  | 'historySize'
  | 'title'
>;

export function parseFastLines(output: string): FastPaneFacts[] {
  const panes: FastPaneFacts[] = [];
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const parts = line.split(FIELD_SEPARATOR);
    if (parts.length < FAST_FIELDS.length) continue;
    const [id = '', dead, status, signal, deadTime, activity, bell, cx, cy, history] = parts;
    const isDead = dead === '1';
    panes.push({
      id,
      dead: isDead,
      exitStatus: isDead ? int(status) : null,
      exitSignal: isDead ? positive(int(signal)) : null,
      deadAt: isDead ? int(deadTime) : null,
      windowActivity: int(activity),
      bell: bell === '1',
      cursorX: int(cx) ?? 0,
      cursorY: int(cy) ?? 0,
      historySize: int(history) ?? 0,
      title: parts.slice(FAST_FIELDS.length - 1).join(FIELD_SEPARATOR),
    });
  }
  return panes;
}

/**
 * The facts of a session that show in its Session (cursor and history
 * are left out: they move with every line of output, and only the screen
 * watcher cares about them).
 */
export function sessionFactsKey(facts: TmuxSessionFacts): string {
  const panes = facts.panes.map((p) =>
    [
      p.id,
      p.windowIndex,
      p.paneIndex,
      p.active,
      p.windowActive,
      p.pid,
      p.currentCommand,
      p.currentPath,
      p.title,
      p.width,
      p.height,
      p.dead,
      p.exitStatus,
      p.exitSignal,
      p.deadAt,
      p.windowActivity,
      p.bell,
    ].join('\u0001'),
  );
  return [
    facts.sessionId,
    facts.createdAt,
    facts.windows,
    facts.path,
    facts.attachedClients,
    ...panes,
  ].join('\u0002');
}

/**
 * `loopwatch list` for people: sorted like the dashboard (most urgent
 * status first, the longest in it first), filtered by status, agent and
 * server, narrowed to the terminal's width by dropping the least useful
 * columns first (then cutting the reason), status words coloured on a
 * terminal (never with NO_COLOR, never into a pipe).
 */
import { basename } from 'node:path';
import { SESSION_STATUSES, type Session, type SessionStatus } from '../../preload/contract';
import { cell, flagList, lockSummary, paneSummary, progress } from './describe';
import { ago, displayWidth, table } from './format';

export interface ListFilters {
  statuses: readonly string[];
  agents: readonly string[];
  /** A host (`local` or a remote host's name) or a server: its socket path or name (`default`). */
  hosts: readonly string[];
}

export interface ListLayout {
  /** Terminal width in columns; null: no limit (a pipe). */
  columns: number | null;
  colour: boolean;
}

/** Narrowest reason kept before more columns go. */
const MIN_REASON = 24;
/** Columns with this drop order or more go before the reason is cut. */
const LOW_VALUE = 6;
/** Widest reason shown; `status NAME` shows it whole. */
const MAX_REASON = 60;

/** ANSI colours of the dashboard's status colours (SGR codes). */
const STATUS_SGR: Readonly<Record<SessionStatus, string>> = {
  waiting: '33;1',
  crashed: '31;1',
  working: '34',
  starting: '35',
  idle: '2',
  done: '32',
  unknown: '2',
};

interface Column {
  header: string;
  value: (s: Session, nowMs: number) => string;
  /** Dropped first when the table is too wide: higher goes sooner; 0 never. */
  dropOrder: number;
}

/** Shown only once a remote host is configured (issue 17); "local" is left blank. */
const HOST_COLUMN: Column = { header: 'HOST', value: (s) => s.host ?? '', dropOrder: 3 };

const COLUMNS: readonly Column[] = [
  { header: 'SESSION', value: (s) => s.displayName, dropOrder: 0 },
  { header: 'STATUS', value: (s) => s.status, dropOrder: 0 },
  { header: 'SINCE', value: (s, now) => ago(s.since, now), dropOrder: 5 },
  { header: 'AGENT', value: (s) => s.agent ?? '-', dropOrder: 7 },
  { header: 'REASON', value: (s) => s.reason, dropOrder: 0 },
  { header: 'FLAGS', value: (s) => flagList(s), dropOrder: 6 },
  { header: 'ITERATION', value: (s) => progress(s), dropOrder: 8 },
  { header: 'SOURCE', value: (s) => s.source, dropOrder: 9 },
  { header: 'LOCK', value: (s) => lockSummary(s), dropOrder: 10 },
  { header: 'SERVER', value: (s) => s.socket ?? '-', dropOrder: 4 },
  { header: 'CREATED', value: (s, now) => ago(s.createdAt, now), dropOrder: 11 },
  { header: 'ATTACHED', value: (s) => String(s.attachedClients), dropOrder: 12 },
  { header: 'WINDOWS', value: (s) => String(s.windows), dropOrder: 13 },
  { header: 'PANES', value: (s) => s.panes.map(paneSummary).join(', '), dropOrder: 14 },
];

const URGENCY = new Map(SESSION_STATUSES.map((status, i) => [status, i]));

/** The dashboard's order: urgency, then the longest in its status, then name. */
export function compareLikeDashboard(a: Session, b: Session): number {
  return (
    (URGENCY.get(a.status) ?? 99) - (URGENCY.get(b.status) ?? 99) ||
    Date.parse(a.since) - Date.parse(b.since) ||
    a.displayName.localeCompare(b.displayName) ||
    a.id.localeCompare(b.id)
  );
}

function matchesHost(session: Session, hosts: readonly string[]): boolean {
  if (hosts.length === 0) return true;
  const socket = session.socket;
  return hosts.some(
    (h) =>
      h === (session.host ?? 'local') ||
      (socket !== null && (h === socket || h === basename(socket))),
  );
}

export function filterForList(sessions: readonly Session[], filters: ListFilters): Session[] {
  return sessions
    .filter((s) => filters.statuses.length === 0 || filters.statuses.includes(s.status))
    .filter((s) => filters.agents.length === 0 || filters.agents.includes(s.agent ?? 'none'))
    .filter((s) => matchesHost(s, filters.hosts))
    .sort(compareLikeDashboard);
}

function tableWidth(rows: readonly (readonly string[])[]): number {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
}

export function renderTable(
  sessions: readonly Session[],
  nowMs: number,
  layout: ListLayout,
  withHosts = false,
): string {
  let columns = withHosts ? [HOST_COLUMN, ...COLUMNS] : [...COLUMNS];
  let reasonWidth = MAX_REASON;
  const build = (): string[][] => [
    columns.map((c) => c.header),
    ...sessions.map((s) =>
      columns.map((c) =>
        c.header === 'REASON' ? cell(c.value(s, nowMs), reasonWidth) : c.value(s, nowMs),
      ),
    ),
  ];
  // One server: the column says nothing.
  if (new Set(sessions.map((s) => s.socket)).size <= 1)
    columns = columns.filter((c) => c.header !== 'SERVER');
  let rows = build();
  if (layout.columns !== null) {
    const limit = layout.columns;
    const droppable = columns
      .filter((c) => c.dropOrder > 0)
      .sort((a, b) => b.dropOrder - a.dropOrder);
    // Low-value columns go first, then the reason narrows, then the rest go.
    for (let over = tableWidth(rows) - limit; over > 0; over = tableWidth(rows) - limit) {
      const next = droppable[0];
      if (next && next.dropOrder >= LOW_VALUE) {
        droppable.shift();
        columns = columns.filter((c) => c !== next);
      } else if (reasonWidth > MIN_REASON) {
        reasonWidth = Math.max(MIN_REASON, reasonWidth - over);
      } else if (next) {
        droppable.shift();
        columns = columns.filter((c) => c !== next);
      } else break;
      rows = build();
    }
  }
  const [header, ...body] = rows;
  const text = table(header!, body);
  if (!layout.colour) return text;
  // Colour the status words after the padding is computed (escapes take no columns).
  const statusAt = columns.findIndex((c) => c.header === 'STATUS');
  const lines = text.split('\n');
  return lines
    .map((line, i) => {
      const session = sessions[i - 1];
      if (i === 0 || !session || statusAt === -1) return line;
      const word = session.status;
      const at = line.indexOf(` ${word}`, session.displayName.length) + 1;
      if (at <= 0) return line;
      return `${line.slice(0, at)}\u001b[${STATUS_SGR[word]}m${word}\u001b[0m${line.slice(at + word.length)}`;
    })
    .join('\n');
}

/**
 * Which sessions the list shows, in which order, and how many each filter
 * chip would show. Pure functions of the sessions and the filter state.
 */
import {
  SESSION_STATUSES,
  type Session,
  type SessionMark,
  type SessionSource,
  type SessionStatus,
} from '../../../../preload/contract';
import { fuzzyMatcher } from './fuzzy';

export interface Filters {
  /** Empty: every status. */
  statuses: ReadonlySet<SessionStatus>;
  /** Empty: every source. */
  sources: ReadonlySet<SessionSource>;
  /** A socket, or null for every server. */
  server: string | null;
  /** A host's name (LOCAL_HOST for this machine), or null for every host. */
  host: string | null;
  query: string;
  /** Show sessions the user marked reviewed (hidden by default). */
  showReviewed: boolean;
}

export const NO_FILTERS: Filters = {
  statuses: new Set(),
  sources: new Set(),
  server: null,
  host: null,
  query: '',
  showReviewed: false,
};

export function filtersActive(filters: Filters): boolean {
  return (
    filters.statuses.size > 0 ||
    filters.sources.size > 0 ||
    filters.server !== null ||
    filters.host !== null ||
    filters.query.trim() !== ''
  );
}

const URGENCY = new Map(SESSION_STATUSES.map((status, index) => [status, index]));

export function isReviewed(session: Session, mark: SessionMark | undefined): boolean {
  return mark?.reviewedStatus != null && mark.reviewedStatus === session.status;
}

/**
 * Someone has seen how the session ended: it was marked reviewed, or viewed
 * since its status last changed. Cleanup pre-checks only what was read.
 */
export function wasRead(session: Session, mark: SessionMark | undefined): boolean {
  if (isReviewed(session, mark)) return true;
  return mark?.viewedAt != null && mark.viewedAt >= session.since;
}

function sinceMs(session: Session): number {
  const at = Date.parse(session.since);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

/**
 * Urgency (the contract's status order), then unreviewed first, then the
 * longest in its status first (the longest wait on top), then by name.
 */
export function compareSessions(
  a: Session,
  b: Session,
  reviewedA: boolean,
  reviewedB: boolean,
): number {
  return (
    (URGENCY.get(a.status) ?? URGENCY.size) - (URGENCY.get(b.status) ?? URGENCY.size) ||
    Number(reviewedA) - Number(reviewedB) ||
    sinceMs(a) - sinceMs(b) ||
    a.displayName.localeCompare(b.displayName) ||
    a.id.localeCompare(b.id)
  );
}

/** Columns the list sorts by (a header click); 'status' is the urgency order above. */
export const SORT_KEYS = ['status', 'name', 'since', 'activity', 'dir'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  descending: boolean;
}
export const DEFAULT_SORT: Sort = { key: 'status', descending: false };

function timeMs(iso: string | null): number {
  const at = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

/** One column's order; ties fall back to the urgency order. */
function byColumn(key: SortKey, a: Session, b: Session): number {
  switch (key) {
    case 'status':
      return 0;
    case 'name':
      return a.displayName.localeCompare(b.displayName);
    case 'since':
      return sinceMs(a) - sinceMs(b);
    case 'activity':
      // Most recent output first.
      return timeMs(b.lastActivityAt) - timeMs(a.lastActivityAt);
    case 'dir':
      return (a.projectDir ?? '').localeCompare(b.projectDir ?? '');
  }
}

export interface FilteredSessions {
  rows: Session[];
  statusCounts: ReadonlyMap<SessionStatus, number>;
  sourceCounts: ReadonlyMap<SessionSource, number>;
  serverCounts: ReadonlyMap<string, number>;
  /** By host name (LOCAL_HOST for this machine). */
  hostCounts: ReadonlyMap<string, number>;
  reviewedCount: number;
  total: number;
}

type Facet = 'status' | 'source' | 'server' | 'host' | 'reviewed';

/** The host filter's name for this machine (its sessions carry no `host`). */
export const LOCAL_HOST = 'local';

export function hostOf(session: Session): string {
  return session.host ?? LOCAL_HOST;
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function filterSessions(
  sessions: Iterable<Session>,
  filters: Filters,
  marks: ReadonlyMap<string, SessionMark>,
  sort: Sort = DEFAULT_SORT,
): FilteredSessions {
  const matches = fuzzyMatcher(filters.query);
  const statusCounts = new Map<SessionStatus, number>();
  const sourceCounts = new Map<SessionSource, number>();
  const serverCounts = new Map<string, number>();
  const hostCounts = new Map<string, number>();
  const rows: Session[] = [];
  const reviewed = new Set<string>();
  let reviewedCount = 0;
  let total = 0;
  for (const session of sessions) {
    total += 1;
    const nickname = marks.get(session.id)?.nickname ?? '';
    if (
      matches &&
      !matches([nickname, session.displayName, session.name, session.projectDir ?? ''])
    )
      continue;
    const isRev = isReviewed(session, marks.get(session.id));
    if (isRev) reviewed.add(session.id);
    // Each facet counts what the list would show if only that facet changed.
    const passes: Record<Facet, boolean> = {
      status: filters.statuses.size === 0 || filters.statuses.has(session.status),
      source: filters.sources.size === 0 || filters.sources.has(session.source),
      server: filters.server === null || session.socket === filters.server,
      host: filters.host === null || hostOf(session) === filters.host,
      reviewed: filters.showReviewed || !isRev,
    };
    const except = (facet: Facet): boolean =>
      (Object.keys(passes) as Facet[]).every((f) => f === facet || passes[f]);
    if (except('status')) bump(statusCounts, session.status);
    if (except('source')) bump(sourceCounts, session.source);
    if (except('server') && session.socket) bump(serverCounts, session.socket);
    if (except('host')) bump(hostCounts, hostOf(session));
    if (isRev && except('reviewed')) reviewedCount += 1;
    if (passes.status && passes.source && passes.server && passes.host && passes.reviewed)
      rows.push(session);
  }
  const direction = sort.descending ? -1 : 1;
  rows.sort(
    (a, b) =>
      direction * byColumn(sort.key, a, b) ||
      direction *
        (sort.key === 'status'
          ? compareSessions(a, b, reviewed.has(a.id), reviewed.has(b.id))
          : 0) ||
      compareSessions(a, b, reviewed.has(a.id), reviewed.has(b.id)),
  );
  return { rows, statusCounts, sourceCounts, serverCounts, hostCounts, reviewedCount, total };
}

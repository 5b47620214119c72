/**
 * The dashboard: the session list (sorted by urgency, filtered, searched,
 * virtualized), the Problems view, and the details of the selected session.
 * UI state (selection, filters, search, tab) lives here, above the stores,
 * so a reconnect that reloads the sessions keeps all of it.
 */
import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { REVIEWABLE_STATUSES, type Session, type TerminalMode } from '../../../preload/contract';
import type { MarksStore } from '../state/marksStore';
import type { SessionsStore } from '../state/sessionsStore';
import { DetailsPane } from './details/DetailsPane';
import { EmptyState } from './EmptyState';
import { Header } from './Header';
import { SessionList, type SessionListHandle } from './list/SessionList';
import { hasProblems } from './model/cleanupPlan';
import {
  compareSessions,
  filterSessions,
  filtersActive,
  isReviewed,
  NO_FILTERS,
  type Filters,
} from './model/filters';
import { ProblemsView } from './problems/ProblemsView';
import { FilterBar } from './toolbar/FilterBar';
import { SearchBox } from './toolbar/SearchBox';
import { useDashboardKeys, type DashboardKey } from './useDashboardKeys';

export interface DashboardActions {
  /** Open the session's terminal (the terminal view wires it). */
  onOpen?: ((session: Session, mode: TerminalMode) => void) | undefined;
  /** Ask to kill the session: the lifecycle actions show the confirmation. */
  onKill?: ((session: Session) => void) | undefined;
  /** Show the cleanup plan and its confirmation. */
  onCleanup?: (() => void) | undefined;
  /** Resume or force-restart a crashed or failed pipeline run. */
  onResume?: ((session: Session) => void) | undefined;
}

export interface DashboardProps extends DashboardActions {
  store: SessionsStore;
  marks: MarksStore;
  /** Buttons for the top bar (the lifecycle actions). */
  toolbar?: React.ReactNode;
}

type Tab = 'sessions' | 'problems';

export function Dashboard({
  store,
  marks,
  onOpen,
  onKill,
  onCleanup,
  onResume,
  toolbar,
}: DashboardProps): React.JSX.Element {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const marksState = useSyncExternalStore(marks.subscribe, marks.getState);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('sessions');
  const listRef = useRef<SessionListHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const filtered = useMemo(
    () => filterSessions(state.sessions.values(), filters, marksState.marks),
    [state.sessions, filters, marksState.marks],
  );
  const { reviewedIds, viewedAt } = useMemo(() => {
    const reviewed = new Set<string>();
    const viewed = new Map<string, string>();
    for (const [id, mark] of marksState.marks) {
      const session = state.sessions.get(id);
      if (session && isReviewed(session, mark)) reviewed.add(id);
      if (mark.viewedAt) viewed.set(id, mark.viewedAt);
    }
    return { reviewedIds: reviewed, viewedAt: viewed };
  }, [state.sessions, marksState.marks]);
  const problems = useMemo(
    () =>
      [...state.sessions.values()]
        .filter(hasProblems)
        .sort((a, b) => compareSessions(a, b, false, false)),
    [state.sessions],
  );
  // What still wants attention: reviewed sessions are not counted in the header.
  const attentionCounts = useMemo(() => {
    const counts = new Map<Session['status'], number>();
    for (const s of state.sessions.values()) {
      if (!reviewedIds.has(s.id)) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
    }
    return counts;
  }, [state.sessions, reviewedIds]);
  const servers = useMemo(() => {
    const sockets = new Set(state.servers.map((s) => s.socket));
    for (const s of state.sessions.values()) if (s.socket) sockets.add(s.socket);
    return [...sockets].sort();
  }, [state.servers, state.sessions]);

  const rows = filtered.rows;
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((s) => s.id === selectedId);
  // Filters may hide the selected session: it stays selected, and comes back with them.
  const selected =
    tab === 'sessions'
      ? (rows[selectedIndex] ?? null)
      : selectedId === null
        ? null
        : (state.sessions.get(selectedId) ?? null);
  const connected = state.connection === 'open';

  const select = useCallback((session: Session) => setSelectedId(session.id), []);
  const markViewed = useCallback((session: Session) => void marks.markViewed(session.id), [marks]);
  const open = useCallback(
    (session: Session, mode: TerminalMode = 'interactive') => {
      void marks.markViewed(session.id);
      onOpen?.(session, mode);
    },
    [marks, onOpen],
  );
  const toggleReviewed = (session: Session): void => {
    const reviewed = reviewedIds.has(session.id);
    if (!reviewed && !REVIEWABLE_STATUSES.has(session.status)) return;
    if (!reviewed && !filters.showReviewed && selectedIndex >= 0) {
      // The row leaves the list: keep the keyboard where it was, on the next row.
      const neighbour = rows[selectedIndex + 1] ?? rows[selectedIndex - 1];
      setSelectedId(neighbour?.id ?? null);
    }
    void marks.markReviewed(session.id, !reviewed);
  };

  const moveTo = (index: number): void => {
    if (rows.length === 0) return;
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    setSelectedId(rows[clamped]!.id);
    listRef.current?.scrollToIndex(clamped);
    listRef.current?.focus();
  };

  useDashboardKeys((key: DashboardKey): boolean => {
    if (key.kind === 'search') {
      searchRef.current?.focus();
      searchRef.current?.select();
      return true;
    }
    if (key.kind === 'cleanup') {
      onCleanup?.();
      return onCleanup !== undefined;
    }
    if (key.kind === 'kill' || key.kind === 'open' || key.kind === 'review') {
      if (!selected) return false;
      if (key.kind === 'open') open(selected, key.mode);
      else if (key.kind === 'kill') onKill?.(selected);
      else toggleReviewed(selected);
      return true;
    }
    if (tab !== 'sessions') return false;
    const page = listRef.current?.pageRows() ?? 1;
    if (key.kind === 'move') {
      moveTo(selectedIndex === -1 ? 0 : selectedIndex + key.by);
    } else if (key.kind === 'page') {
      moveTo(Math.max(selectedIndex, 0) + key.direction * Math.max(1, page - 1));
    } else {
      moveTo(key.to === 'first' ? 0 : rows.length - 1);
    }
    return true;
  });

  // Servers not answering, and answering ones with something to say (their socket file missing).
  const down = state.servers.filter((s) => s.state !== 'up' || s.error);
  const listBody =
    state.loaded && filtered.total === 0 ? (
      <EmptyState />
    ) : state.loaded && rows.length === 0 ? (
      <div className="no-matches" role="status">
        <p>No session matches {filters.query ? `“${filters.query}”` : 'these filters'}.</p>
        <button
          type="button"
          onClick={() => setFilters({ ...NO_FILTERS, showReviewed: filters.showReviewed })}
        >
          Clear search and filters
        </button>
      </div>
    ) : (
      <SessionList
        ref={listRef}
        rows={rows}
        selectedId={selectedId}
        reviewedIds={reviewedIds}
        viewedAt={viewedAt}
        onSelect={select}
        onActivate={open}
        busy={!connected}
      />
    );

  return (
    <div className={`app${connected ? '' : ' stale'}`}>
      <Header
        loaded={state.loaded}
        total={filtered.total}
        counts={attentionCounts}
        connection={state.connection}
      >
        {toolbar}
      </Header>
      <main className="content">
        {state.error && (
          <p role="alert" className="banner error">
            {state.error}
          </p>
        )}
        {marksState.problem && (
          <p role="alert" className="banner warning">
            {marksState.problem}{' '}
            <button type="button" className="link" onClick={() => marks.dismissProblem()}>
              Dismiss
            </button>
          </p>
        )}
        <div className="toolbar">
          <SearchBox
            ref={searchRef}
            value={filters.query}
            onChange={(query) => setFilters((f) => ({ ...f, query }))}
            onLeave={() => {
              searchRef.current?.blur();
              listRef.current?.focus();
            }}
          />
          <FilterBar
            filters={filters}
            statusCounts={filtered.statusCounts}
            sourceCounts={filtered.sourceCounts}
            serverCounts={filtered.serverCounts}
            servers={servers}
            reviewedCount={filtered.reviewedCount}
            onChange={setFilters}
          />
          {filtersActive(filters) && (
            <span className="muted small shown-count" aria-live="polite">
              showing {rows.length} of {filtered.total}
            </span>
          )}
        </div>
        <div className="tabs" role="tablist" aria-label="View">
          {(['sessions', 'problems'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-controls={`panel-${name}`}
              aria-selected={tab === name}
              tabIndex={tab === name ? 0 : -1}
              className="tab"
              onClick={() => setTab(name)}
              onKeyDown={(event) => {
                if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                  const next = name === 'sessions' ? 'problems' : 'sessions';
                  setTab(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }
              }}
            >
              {name === 'sessions' ? 'Sessions' : 'Problems'}{' '}
              <span className="count">{name === 'sessions' ? rows.length : problems.length}</span>
            </button>
          ))}
        </div>
        <div className="workspace">
          <div
            role="tabpanel"
            id="panel-sessions"
            aria-labelledby="tab-sessions"
            hidden={tab !== 'sessions'}
            className="panel"
          >
            {listBody}
          </div>
          <div
            role="tabpanel"
            id="panel-problems"
            aria-labelledby="tab-problems"
            hidden={tab !== 'problems'}
            className="panel panel-scroll"
          >
            <ProblemsView
              sessions={problems}
              selectedId={selectedId}
              onSelect={select}
              onCleanup={onCleanup}
            />
          </div>
          <DetailsPane
            session={selected}
            connected={connected}
            reviewed={selected !== null && reviewedIds.has(selected.id)}
            reviewable={selected !== null && REVIEWABLE_STATUSES.has(selected.status)}
            onToggleReviewed={toggleReviewed}
            onViewed={markViewed}
            onOpen={onOpen ? open : undefined}
            onKill={onKill}
            onCleanup={onCleanup}
            onResume={onResume}
          />
        </div>
      </main>
      {down.length > 0 && (
        <footer className="servers" aria-label="Server problems">
          {down.map((server) => (
            <div key={server.socket}>
              {server.socket}: {server.error ?? server.state}
            </div>
          ))}
        </footer>
      )}
    </div>
  );
}

/**
 * The dashboard: the session list (sorted by urgency, filtered, searched,
 * virtualized), the Problems view, and the details of the selected session.
 * UI state (selection, filters, search, tab) lives here, above the stores,
 * so a reconnect that reloads the sessions keeps all of it.
 */
import {
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { REVIEWABLE_STATUSES, type Session, type TerminalMode } from '../../../preload/contract';
import type { MarksStore } from '../state/marksStore';
import type { SessionsStore } from '../state/sessionsStore';
import { DetailsPane } from './details/DetailsPane';
import { DisconnectedBanner } from './DisconnectedBanner';
import { EmptyState } from './EmptyState';
import { Header } from './Header';
import { SessionList, type SessionListHandle } from './list/SessionList';
import { hasProblems } from './model/cleanupPlan';
import {
  compareSessions,
  DEFAULT_SORT,
  filterSessions,
  filtersActive,
  isReviewed,
  NO_FILTERS,
  type Filters,
  type Sort,
} from './model/filters';
import { ProblemsView } from './problems/ProblemsView';
import { NeedsYouQueue } from './queue/NeedsYouQueue';
import { needsYou } from './queue/queueModel';
import { FilterBar } from './toolbar/FilterBar';
import { SearchBox } from './toolbar/SearchBox';
import { useDashboardKeys, type DashboardKey } from './useDashboardKeys';
import { ClockContext, frozenClock } from './time/clock';
import { FOCUS_LIST_CHORD, FOCUS_LIST_EVENT } from '../terminal/focusList';

export interface DashboardActions {
  /** Open the session's terminal (the terminal view wires it). */
  onOpen?: ((session: Session, mode: TerminalMode) => void) | undefined;
  /** Ask to kill the session: the lifecycle actions show the confirmation. */
  onKill?: ((session: Session) => void) | undefined;
  /** Ask to kill several (the marked rows): one plan, one confirmation. */
  onKillMany?: ((sessions: Session[]) => void) | undefined;
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
  /** A session to select and bring into view when it changes (a notification was clicked). */
  revealId?: string | null;
}

type Tab = 'sessions' | 'problems';

export function Dashboard({
  store,
  marks,
  onOpen,
  onKill,
  onKillMany,
  onCleanup,
  onResume,
  toolbar,
  revealId = null,
}: DashboardProps): React.JSX.Element {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const marksState = useSyncExternalStore(marks.subscribe, marks.getState);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('sessions');
  /** Rows marked for a bulk action (Space, Shift+↑ ↓). */
  const [marked, setMarked] = useState<ReadonlySet<string>>(() => new Set());
  /** The session whose nickname is being edited (`n`), if any. */
  const [naming, setNaming] = useState<string | null>(null);
  const listRef = useRef<SessionListHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const filtered = useMemo(
    () => filterSessions(state.sessions.values(), filters, marksState.marks, sort),
    [state.sessions, filters, marksState.marks, sort],
  );
  const { reviewedIds, viewedAt, nicknames } = useMemo(() => {
    const reviewed = new Set<string>();
    const viewed = new Map<string, string>();
    const named = new Map<string, string>();
    for (const [id, mark] of marksState.marks) {
      const session = state.sessions.get(id);
      if (session && isReviewed(session, mark)) reviewed.add(id);
      if (mark.viewedAt) viewed.set(id, mark.viewedAt);
      if (mark.nickname) named.set(id, mark.nickname);
    }
    return { reviewedIds: reviewed, viewedAt: viewed, nicknames: named };
  }, [state.sessions, marksState.marks]);
  // The queue follows the filters and search: a person narrowing the list narrows it too.
  const queue = useMemo(() => needsYou(filtered.rows), [filtered.rows]);
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

  // Select the revealed session once per request; its queue card (the question) scrolls into view.
  const [revealed, setRevealed] = useState<string | null>(null);
  if (revealId !== revealed) {
    setRevealed(revealId);
    if (revealId !== null) {
      setSelectedId(revealId);
      setTab('sessions');
    }
  }
  useEffect(() => {
    if (revealId === null) return;
    const card = document.querySelector(`.queue-card[data-session-id="${CSS.escape(revealId)}"]`);
    card?.scrollIntoView({ block: 'nearest' });
  }, [revealId]);

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

  useEffect(() => {
    const back = (): void => listRef.current?.focus();
    window.addEventListener(FOCUS_LIST_EVENT, back);
    return () => window.removeEventListener(FOCUS_LIST_EVENT, back);
  }, []);

  const markedSessions = rows.filter((s) => marked.has(s.id));
  const toggleMark = (id: string): void =>
    setMarked((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const reviewMarked = (): void => {
    for (const session of markedSessions) {
      if (REVIEWABLE_STATUSES.has(session.status) && !reviewedIds.has(session.id))
        void marks.markReviewed(session.id, true);
    }
    setMarked(new Set());
  };
  const killMarked = (): void => {
    const live = markedSessions.filter((s) => s.live && s.socket);
    if (live.length > 0) onKillMany?.(live);
  };

  useDashboardKeys((key: DashboardKey): boolean => {
    if (key.kind === 'escape') {
      if (marked.size > 0) setMarked(new Set());
      else if (filters.query) setFilters((f) => ({ ...f, query: '' }));
      else return false;
      return true;
    }
    if (markedSessions.length > 0 && (key.kind === 'review' || key.kind === 'kill')) {
      if (key.kind === 'review') reviewMarked();
      else killMarked();
      return true;
    }
    if (key.kind === 'nickname') {
      if (!selected) return false;
      setNaming(selected.id);
      return true;
    }
    if (key.kind === 'mark') {
      if (!selected || tab !== 'sessions') return false;
      toggleMark(selected.id);
      return true;
    }
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
      const to = selectedIndex === -1 ? 0 : selectedIndex + key.by;
      if (key.extend && rows.length > 0) {
        // Shift+arrows: mark the row left and the row reached.
        const reached = rows[Math.max(0, Math.min(rows.length - 1, to))]!;
        setMarked((before) => {
          const next = new Set(before);
          if (selected) next.add(selected.id);
          next.add(reached.id);
          return next;
        });
      }
      moveTo(to);
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
        nicknames={nicknames}
        marked={marked}
        sort={sort}
        onSort={setSort}
        onSelect={select}
        onActivate={open}
        busy={!connected}
      />
    );

  const liveClock = useContext(ClockContext);
  const frozen = useMemo(
    () => (state.disconnectedAt === null ? null : frozenClock(state.disconnectedAt)),
    [state.disconnectedAt],
  );
  const page = (
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
        {state.disconnectedAt !== null && <DisconnectedBanner since={state.disconnectedAt} />}
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
            onLeave={(into) => {
              searchRef.current?.blur();
              listRef.current?.focus();
              // Into the results: the first row unless one of them is already selected.
              if (into && selectedIndex === -1) moveTo(0);
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
        <div className={`workspace${selected ? '' : ' no-details'}`}>
          <div
            role="tabpanel"
            id="panel-sessions"
            aria-labelledby="tab-sessions"
            hidden={tab !== 'sessions'}
            className="panel"
          >
            {markedSessions.length > 0 && (
              <div className="bulk-bar" role="toolbar" aria-label="Marked sessions">
                <strong>{markedSessions.length} marked</strong>
                <button type="button" onClick={reviewMarked}>
                  Mark reviewed <kbd>r</kbd>
                </button>
                {onKillMany && (
                  <button type="button" className="danger" onClick={killMarked}>
                    Kill… <kbd>k</kbd>
                  </button>
                )}
                {onCleanup && (
                  <button type="button" onClick={() => onCleanup()}>
                    Clean up… <kbd>c</kbd>
                  </button>
                )}
                <button type="button" onClick={() => setMarked(new Set())}>
                  Unmark all <kbd>Esc</kbd>
                </button>
              </div>
            )}
            <NeedsYouQueue
              sessions={queue}
              selectedId={selectedId}
              onSelect={select}
              onOpen={onOpen ? open : undefined}
            />
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
            nickname={selected ? (nicknames.get(selected.id) ?? null) : null}
            editingNickname={selected !== null && naming === selected.id}
            onEditNickname={(session) => setNaming(session.id)}
            onNickname={(session, nickname) => {
              setNaming(null);
              if (nickname !== undefined) void marks.setNickname(session.id, nickname);
              listRef.current?.focus();
            }}
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
        <p className="keys-hint muted small">
          Keys: ↑ ↓ Home End PgUp PgDn move · Enter opens · Shift+Enter watches · k kill · c clean
          up · r reviewed · n nickname · Space or Shift+↑ ↓ mark rows · / search · in a question:
          its answer’s key · {FOCUS_LIST_CHORD} from a terminal back to the list
        </p>
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
  // While disconnected every relative time reads from a clock stopped at the loss (always the
  // same wrapper: swapping it would remount the page and lose focus and scroll).
  return <ClockContext.Provider value={frozen ?? liveClock}>{page}</ClockContext.Provider>;
}

/**
 * The session list: an ARIA table (name "Sessions") whose rows are
 * virtualized with fixed heights, so 500 or 5,000 sessions cost the same
 * few dozen DOM rows. `aria-rowcount` / `aria-rowindex` tell assistive
 * technology the full size; the header row is row 1.
 */
import { useImperativeHandle, useRef, type Ref } from 'react';
import type { Session, TerminalMode } from '../../../../preload/contract';
import { hasProgress } from '../cells/PipelineProgress';
import { DEFAULT_SORT, type Sort } from '../model/filters';
import { COLUMNS, ROW_HEIGHT_PX } from './columns';
import { SessionRow } from './SessionRow';
import { useFixedRows } from './useFixedRows';

const NO_NICKNAMES: ReadonlyMap<string, string> = new Map();
const NO_MARKS: ReadonlySet<string> = new Set();

export interface SessionListHandle {
  scrollToIndex(index: number): void;
  /** Rows that fit in the view: the PageUp/PageDown step. */
  pageRows(): number;
  focus(): void;
}

export interface SessionListProps {
  rows: readonly Session[];
  selectedId: string | null;
  reviewedIds: ReadonlySet<string>;
  viewedAt: ReadonlyMap<string, string>;
  nicknames?: ReadonlyMap<string, string>;
  marked?: ReadonlySet<string>;
  onSelect: (session: Session) => void;
  /** Double-click: open the terminal (with Shift: in watch mode). */
  onActivate: (session: Session, mode: TerminalMode) => void;
  busy?: boolean;
  /** The order shown, and a header click asking for another. */
  sort?: Sort;
  onSort?: (sort: Sort) => void;
  ref?: Ref<SessionListHandle>;
}

export function SessionList({
  rows,
  selectedId,
  reviewedIds,
  viewedAt,
  nicknames = NO_NICKNAMES,
  marked = NO_MARKS,
  onSelect,
  onActivate,
  busy = false,
  sort = DEFAULT_SORT,
  onSort,
  ref,
}: SessionListProps): React.JSX.Element {
  // The table is its own scroller (one focusable element for axe and the keyboard); its
  // header row sticks to the top.
  const tableRef = useRef<HTMLDivElement>(null);
  const scrollRef = tableRef;
  const { first, end, pageRows, scrollToIndex } = useFixedRows(
    scrollRef,
    rows.length,
    ROW_HEIGHT_PX,
  );

  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex,
      pageRows: () => pageRows,
      focus: () => tableRef.current?.focus({ preventScroll: true }),
    }),
    [scrollToIndex, pageRows],
  );

  const sessionAt = (target: EventTarget): Session | undefined => {
    const row = (target as Element).closest('[role="row"][data-index]');
    const index = row ? Number(row.getAttribute('data-index')) : NaN;
    return Number.isInteger(index) ? rows[index] : undefined;
  };

  const visible = rows.slice(first, end);
  return (
    <div
      ref={tableRef}
      role="table"
      aria-label="Sessions"
      aria-rowcount={rows.length + 1}
      aria-busy={busy}
      tabIndex={0}
      className={`table${rows.some((s) => hasProgress(s.pipeline)) ? '' : ' no-progress'}`}
      onClick={(event) => {
        const session = sessionAt(event.target);
        if (session) {
          onSelect(session);
          tableRef.current?.focus({ preventScroll: true });
        }
      }}
      onDoubleClick={(event) => {
        const session = sessionAt(event.target);
        if (session) onActivate(session, event.shiftKey ? 'watch' : 'interactive');
      }}
    >
      <div role="rowgroup" className="thead" data-sticky-head>
        <div role="row" aria-rowindex={1} className="row header">
          {COLUMNS.map((column) => {
            const active = sort.key === column.key;
            return (
              <div
                key={column.key}
                role="columnheader"
                className={`cell c-${column.key}`}
                aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
              >
                {column.sortable && onSort ? (
                  <button
                    type="button"
                    className="sort-button"
                    onClick={(event) => {
                      event.stopPropagation();
                      onSort({
                        key: column.key,
                        descending: active ? !sort.descending : false,
                      });
                    }}
                  >
                    {column.header}
                    <span aria-hidden="true">{active ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
                  </button>
                ) : (
                  column.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="tbody" style={{ height: rows.length * ROW_HEIGHT_PX }}>
        {visible.map((session, offset) => (
          <SessionRow
            key={session.id}
            session={session}
            index={first + offset}
            selected={session.id === selectedId}
            reviewed={reviewedIds.has(session.id)}
            viewedAt={viewedAt.get(session.id) ?? null}
            nickname={nicknames.get(session.id) ?? null}
            marked={marked.has(session.id)}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * A small virtualizer for rows of one fixed height: renders the rows in
 * view plus a margin, re-rendering only when that range changes (not on
 * every scroll event).
 */
import { useCallback, useEffect, useState, type RefObject } from 'react';

/** Rows rendered beyond each edge of the view: fast flicks never show a blank band. */
const OVERSCAN_ROWS = 10;
/** Without layout (jsdom, a hidden tab), assume a tall window's worth of rows. */
const FALLBACK_VIEWPORT_PX = 900;

export interface RowRange {
  first: number;
  /** Exclusive. */
  end: number;
  /** Rows that fit in the view (PageUp/PageDown step). */
  pageRows: number;
}

function rangeFor(scrollTop: number, viewport: number, rowHeight: number, count: number): RowRange {
  const height = viewport > 0 ? viewport : FALLBACK_VIEWPORT_PX;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN_ROWS);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN_ROWS);
  return { first, end, pageRows: Math.max(1, Math.floor(height / rowHeight)) };
}

function sameRange(a: RowRange, b: RowRange): boolean {
  return a.first === b.first && a.end === b.end && a.pageRows === b.pageRows;
}

export function useFixedRows(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
): RowRange & { scrollToIndex: (index: number) => void } {
  const [range, setRange] = useState<RowRange>(() => rangeFor(0, 0, rowHeight, count));

  const measure = useCallback(() => {
    const el = scrollRef.current;
    const next = rangeFor(el?.scrollTop ?? 0, el?.clientHeight ?? 0, rowHeight, count);
    setRange((prev) => (sameRange(prev, next) ? prev : next));
  }, [scrollRef, rowHeight, count]);

  useEffect(() => {
    const el = scrollRef.current;
    measure();
    if (!el) return;
    el.addEventListener('scroll', measure, { passive: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    resize?.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      resize?.disconnect();
    };
  }, [scrollRef, measure]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (!el) return;
      // A sticky header inside the scroller covers the top of the view.
      const head = el.querySelector<HTMLElement>('[data-sticky-head]')?.offsetHeight ?? 0;
      const top = index * rowHeight;
      const bottom = head + top + rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
    },
    [scrollRef, rowHeight],
  );

  return { ...range, scrollToIndex };
}

/** Short relative times for dense tables: "now", "42s", "7m", "3h 05m", "2d 4h". */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Below this, "now": a poll or two of jitter is not worth a number. */
const NOW_WITHIN_MS = 5 * SECOND;

export function formatDuration(ms: number): string {
  if (ms < NOW_WITHIN_MS) return 'now';
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return `${h}h ${String(m).padStart(2, '0')}m`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return `${d}d ${h}h`;
}

/** Time since `iso` at `nowMs` ("—" when unknown; clock skew into the future reads "now"). */
export function formatSince(iso: string | null, nowMs: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '—';
  return formatDuration(Math.max(0, nowMs - at));
}

export function formatAgo(iso: string | null, nowMs: number): string {
  const text = formatSince(iso, nowMs);
  return text === '—' || text === 'now' ? text : `${text} ago`;
}

/** For a sentence: "for 7m", or "just now". */
export function formatFor(iso: string | null, nowMs: number): string {
  const text = formatSince(iso, nowMs);
  return text === 'now' ? 'just now' : text === '—' ? '' : `for ${text}`;
}

/** Absolute local time for tooltips. */
export function formatAbsolute(iso: string | null): string {
  if (!iso) return 'unknown';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
}

/** "14:02": a time of day for a banner (the date is today's). */
export function formatClockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

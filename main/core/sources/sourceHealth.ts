/**
 * What went wrong where: every input the supervisor drops (a malformed hook
 * line, an unreadable file) and every error a single source threw is counted
 * against that source, kept for the snapshot's "sources" list, and warned
 * about at most once per WARN_INTERVAL_MS per source (a flood of bad lines
 * must not become a flood of log lines). Nothing is dropped silently.
 */
import type { SourceHealth } from '../../../preload/contract';

/** At most one warning per source this often; the count says how many were folded in. */
export const WARN_INTERVAL_MS = 60_000;
/** Sources kept at once (a registry naming thousands of sockets must not grow this without end). */
const MAX_SOURCES = 1_000;
/** A source's message is one line of this length at most. */
const MAX_MESSAGE_CHARS = 500;

export type Warn = (line: string) => void;

interface Entry {
  count: number;
  message: string;
  firstAt: number;
  lastAt: number;
  /** Count at the last warning (what the next warning adds). */
  warnedCount: number;
  warnedAt: number | null;
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS - 1)}…` : flat;
}

/** A problem that lasts while a file stays unreadable (not a counted event): listed as one, as of now. */
export function currentProblem(source: string, message: string): SourceHealth {
  const now = new Date().toISOString();
  return { source, count: 1, message: oneLine(message), firstAt: now, lastAt: now };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export class SourceHealthBoard {
  private readonly entries = new Map<string, Entry>();
  /** Problems not kept because MAX_SOURCES was reached (still counted). */
  overflow = 0;

  constructor(
    private readonly warn: Warn = (line) => process.stderr.write(`${line}\n`),
    private readonly now: () => number = Date.now,
    private readonly warnIntervalMs = WARN_INTERVAL_MS,
  ) {}

  /** One problem on `source` (e.g. "hooks", "tmux /tmp/s", "pipeline /p/run"). */
  report(source: string, message: string): void {
    const at = this.now();
    let entry = this.entries.get(source);
    if (!entry) {
      if (this.entries.size >= MAX_SOURCES) {
        this.overflow += 1;
        return;
      }
      entry = { count: 0, message: '', firstAt: at, lastAt: at, warnedCount: 0, warnedAt: null };
      this.entries.set(source, entry);
    }
    entry.count += 1;
    entry.message = oneLine(message);
    entry.lastAt = at;
    if (entry.warnedAt === null || at - entry.warnedAt >= this.warnIntervalMs) {
      const folded = entry.count - entry.warnedCount;
      entry.warnedAt = at;
      entry.warnedCount = entry.count;
      this.warn(
        `loopwatch: ${source}: ${entry.message}${folded > 1 ? ` (${folded} since the last warning)` : ''}`,
      );
    }
  }

  /** Run one source's handler: an error it throws is reported on that source, never thrown on. */
  guard<A extends unknown[]>(source: string, handler: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      try {
        handler(...args);
      } catch (error) {
        this.report(source, errorMessage(error));
      }
    };
  }

  /** The same for async work: its rejection is reported, never left unhandled. */
  track(source: string, work: Promise<unknown>): void {
    work.catch((error: unknown) => this.report(source, errorMessage(error)));
  }

  count(source: string): number {
    return this.entries.get(source)?.count ?? 0;
  }

  list(): SourceHealth[] {
    return [...this.entries].map(([source, e]) => ({
      source,
      count: e.count,
      message: e.message,
      firstAt: new Date(e.firstAt).toISOString(),
      lastAt: new Date(e.lastAt).toISOString(),
    }));
  }
}

/**
 * Ended sessions: when a tmux session vanishes, the supervisor hands its last
 * row and last screen here; it stays listed as "ended" (its own row, id
 * `ended:KEY`) until the user reviews or disposes of it, across restarts.
 *
 * Kept in `ended/` under the config directory, one file per session (a
 * damaged file costs that one only), newest MAX_ENDED kept, oldest dropped
 * first; each screen capped.
 */
import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { SessionSchema, type Session, type SessionStatus } from '../../../preload/contract';
import { DirWatcher } from '../files/dirWatcher';
import { RecordDir } from './recordDir';

/** Ended sessions kept (reviewed ones count too): the newest this many. */
export const MAX_ENDED = 500;
/** Lines of the last screen kept per ended session. */
export const MAX_SCREEN_LINES = 200;
/** Characters of the last screen kept (a screen of very long lines stays small too). */
export const MAX_SCREEN_CHARS = 32_000;
/** Row ids of ended sessions start with this (they never clash with a live session's id). */
export const ENDED_ID_PREFIX = 'ended:';
/** What a session that vanished without a known exit status is said to have done. */
export const ENDED_REASON = 'session ended; exit status unknown';

/** Statuses that already say how a session ended (kept as they are). */
const OUTCOMES: ReadonlySet<SessionStatus> = new Set(['done', 'crashed']);

const EndedRecordSchema = z.object({
  v: z.literal(1),
  key: z.string().min(1),
  endedAt: z.iso.datetime({ offset: true }),
  /** The session's row as it was last seen live. */
  session: SessionSchema,
  screen: z.string().nullable(),
  screenAt: z.iso.datetime({ offset: true }).nullable(),
  log: z.string().nullable(),
  reviewedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type EndedRecord = z.infer<typeof EndedRecordSchema>;

export interface LastScreen {
  text: string;
  atMs: number;
}

/** The last MAX_SCREEN_LINES lines (and MAX_SCREEN_CHARS characters), trailing blank lines dropped. */
export function capScreen(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n').slice(-MAX_SCREEN_LINES);
  let out = lines.join('\n');
  if (out.length > MAX_SCREEN_CHARS) {
    out = out.slice(-MAX_SCREEN_CHARS);
    const cut = out.indexOf('\n');
    if (cut >= 0) out = out.slice(cut + 1);
  }
  return out;
}

export function endedRowId(key: string): string {
  return `${ENDED_ID_PREFIX}${key}`;
}

export function isEndedRowId(id: string): boolean {
  return id.startsWith(ENDED_ID_PREFIX);
}

/** The row an ended session shows. */
export function endedRow(record: EndedRecord): Session {
  const before = record.session;
  const known = OUTCOMES.has(before.status);
  return {
    ...before,
    id: endedRowId(record.key),
    live: false,
    attachedClients: 0,
    status: known ? before.status : 'unknown',
    reason: known ? before.reason : ENDED_REASON,
    since: record.endedAt,
    flags: { staleLock: false, orphan: false, zombie: false, deadPane: false },
    ended: {
      endedAt: record.endedAt,
      lastStatus: before.status,
      lastReason: before.reason,
      screenLines:
        record.screen === null || record.screen === '' ? 0 : record.screen.split('\n').length,
      log: record.log,
    },
  };
}

export interface EndedEvents {
  /** These rows appeared, changed or went. */
  change: [rowIds: string[]];
}

export class EndedSessions extends EventEmitter<EndedEvents> {
  private readonly records = new Map<string, EndedRecord>();
  private readonly dir: RecordDir<EndedRecord>;
  private writes: Promise<unknown> = Promise.resolve();
  private watcher: DirWatcher | null = null;
  /** Files set aside at load, for the user. */
  problems: string[] = [];

  /** `persist` false: read the kept ones, write nothing (one-shot `list`, `status`). */
  constructor(
    configDir: string,
    private readonly persist = true,
    /** Told of each record that could not be saved (the supervisor shows it in its sources). */
    private readonly onProblem: (message: string) => void = () => {},
  ) {
    super();
    this.dir = new RecordDir(join(configDir, 'ended'), EndedRecordSchema, (r) => r.key);
  }

  async load(): Promise<void> {
    const loaded = await this.dir.load();
    this.problems = loaded.problems;
    for (const [key, record] of loaded.records) this.records.set(key, record);
    this.prune();
    await this.settled();
  }

  /** Rows of the ended sessions not reviewed yet. */
  rowIds(): string[] {
    return [...this.records.values()].filter((r) => !r.reviewedAt).map((r) => endedRowId(r.key));
  }

  row(rowId: string): Session | null {
    const record = this.recordOf(rowId);
    return record && !record.reviewedAt ? endedRow(record) : null;
  }

  recordOf(rowId: string): EndedRecord | null {
    if (!isEndedRowId(rowId)) return null;
    return this.records.get(rowId.slice(ENDED_ID_PREFIX.length)) ?? null;
  }

  all(): EndedRecord[] {
    return [...this.records.values()].sort((a, b) => b.endedAt.localeCompare(a.endedAt));
  }

  /** A live session vanished: keep it. Returns its ended row. */
  end(before: Session, screen: LastScreen | null, nowMs: number, log: string | null): Session {
    // Keyed by the session's creation: two Loopwatch processes that see one session end keep one record.
    const key = `${before.id}@${before.createdAt ?? new Date(nowMs).toISOString()}`;
    const record: EndedRecord = {
      v: 1,
      key,
      endedAt: new Date(nowMs).toISOString(),
      session: { ...before, ended: null },
      screen: screen ? capScreen(screen.text) : null,
      screenAt: screen ? new Date(screen.atMs).toISOString() : null,
      log,
      reviewedAt: null,
    };
    this.records.set(key, record);
    this.save(record);
    this.prune();
    return endedRow(record);
  }

  /** Hide these ended sessions (their screen and log stay until disposed). */
  review(rowIds: readonly string[], nowMs = Date.now()): number {
    let count = 0;
    for (const id of rowIds) {
      const record = this.recordOf(id);
      if (!record || record.reviewedAt) continue;
      const next = { ...record, reviewedAt: new Date(nowMs).toISOString() };
      this.records.set(record.key, next);
      this.save(next);
      count += 1;
    }
    if (count > 0) this.emit('change', [...rowIds]);
    return count;
  }

  /**
   * Forget these ended sessions: their kept screen and, when `deleteLog`
   * says a log is not in use by a live session, their log file.
   */
  async dispose(
    rowIds: readonly string[],
    deleteLog: (path: string) => boolean,
  ): Promise<{ count: number; removed: string[] }> {
    const removed: string[] = [];
    let count = 0;
    for (const id of rowIds) {
      const record = this.recordOf(id);
      if (!record) continue;
      this.records.delete(record.key);
      count += 1;
      await this.writes;
      if (this.persist) {
        await this.dir.remove(record.key);
        removed.push(this.dir.fileOf(record.key));
      }
      if (record.log && deleteLog(record.log)) {
        await rm(record.log, { force: true });
        removed.push(record.log);
      }
    }
    if (count > 0) this.emit('change', [...rowIds]);
    return { count, removed };
  }

  /**
   * Follow changes other processes make (`loopwatch ended review|dispose`, another
   * supervisor): each changed file is read again, alone.
   */
  watch(): void {
    if (this.watcher) return;
    this.watcher = new DirWatcher(this.dir.dir, (name) => {
      if (name !== null) void this.reread(name);
    });
    this.watcher.start();
  }

  private async reread(name: string): Promise<void> {
    const record = await this.dir.readOne(name);
    const known = [...this.records.values()].find((r) => basename(this.dir.fileOf(r.key)) === name);
    if (!record) {
      if (!known) return;
      // Gone from disk: disposed of elsewhere (our own dispose already dropped it).
      if (!(await this.dir.exists(known.key))) {
        this.records.delete(known.key);
        this.emit('change', [endedRowId(known.key)]);
      }
      return;
    }
    const mine = this.records.get(record.key);
    if (mine && mine.reviewedAt === record.reviewedAt) return;
    this.records.set(record.key, record);
    this.emit('change', [endedRowId(record.key)]);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    this.removeAllListeners();
  }

  /** Resolves when every write asked so far is done. */
  settled(): Promise<void> {
    return this.writes.then(() => undefined);
  }

  private save(record: EndedRecord): void {
    if (!this.persist) return;
    this.writes = this.writes
      .then(() => this.dir.write(record))
      .catch((error: unknown) => {
        const message = `ended session ${record.session.name} could not be saved: ${(error as Error).message}`;
        this.problems.push(message);
        this.onProblem(message);
      });
  }

  /** Drop the oldest beyond MAX_ENDED (their files go after the writes asked before). */
  private prune(): void {
    if (this.records.size <= MAX_ENDED) return;
    const oldest = [...this.records.values()]
      .sort((a, b) => a.endedAt.localeCompare(b.endedAt))
      .slice(0, this.records.size - MAX_ENDED);
    for (const record of oldest) this.records.delete(record.key);
    this.emit(
      'change',
      oldest.map((r) => endedRowId(r.key)),
    );
    if (!this.persist) return;
    this.writes = this.writes.then(() =>
      Promise.all(oldest.map((r) => this.dir.remove(r.key).catch(() => undefined))),
    );
  }
}

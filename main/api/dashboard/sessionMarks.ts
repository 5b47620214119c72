/**
 * The marks a user leaves on sessions: "reviewed" (a finished or crashed
 * session dismissed from the list) and "last viewed" (opened or peeked).
 * Kept in memory, saved to `CONFIG_DIR/session-marks.json` atomically a
 * moment after each change, so a restart of Loopwatch forgets nothing.
 *
 * A mark "reviewed" holds the status the user reviewed: when the session's
 * status changes again, the mark is dropped and the session asks for
 * attention again.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import {
  SessionStatusSchema,
  type SessionMark,
  type SessionMarks,
  type SessionStatus,
  type Transition,
} from '../../../preload/contract';
import { parseJson, readTextFile } from '../../core/files/readBounded';
import { setAsideBad } from '../../core/files/setAside';
import { writeFileAtomic } from '../../core/files/atomicWrite';

export const MARKS_FILE_NAME = 'session-marks.json';
/** Coalesce bursts of marks (arrowing through sessions) into one write. */
const WRITE_DELAY_MS = 250;
/** Marks kept at most; the least recently touched go first. Bounds the file at a few hundred KB. */
const MAX_MARKS = 5_000;
const FILE_VERSION = 1;

const Iso = z.string().nullable().catch(null);
const StoredMark = z.object({
  reviewedStatus: SessionStatusSchema.nullable().catch(null),
  reviewedAt: Iso,
  viewedAt: Iso,
});
const StoredFile = z.object({
  version: z.literal(FILE_VERSION),
  sessions: z.record(z.string(), z.unknown()),
});

export interface SessionMarksEvents {
  change: [SessionMarks];
}

type Mark = Omit<SessionMark, 'sessionId'>;

function touchedAt(mark: Mark): string {
  return [mark.reviewedAt ?? '', mark.viewedAt ?? ''].sort().at(-1) ?? '';
}

export class SessionMarksStore extends EventEmitter<SessionMarksEvents> {
  private readonly marks = new Map<string, Mark>();
  private problem: string | null = null;
  /** False when an unreadable file could not be moved aside: never written over. */
  private writable = true;
  private loaded: Promise<void> | null = null;
  private writeTimer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(configDir: string) {
    super();
    this.file = join(configDir, MARKS_FILE_NAME);
  }

  private load(): Promise<void> {
    this.loaded ??= this.readFile();
    return this.loaded;
  }

  private async readFile(): Promise<void> {
    const read = await readTextFile(this.file);
    if (!read.ok) {
      if (!read.missing) await this.keepAside(`could not read the session marks: ${read.error}`);
      return;
    }
    const json = parseJson(read.text, this.file);
    const parsed = json.ok ? StoredFile.safeParse(json.value) : null;
    if (!parsed?.success) {
      await this.keepAside(json.ok ? `${this.file} is not a session-marks file` : json.error);
      return;
    }
    for (const [id, value] of Object.entries(parsed.data.sessions)) {
      const mark = StoredMark.safeParse(value);
      if (mark.success) this.marks.set(id, mark.data);
    }
  }

  /**
   * Keep the user's file: set it aside under a new name, then start empty.
   * One that cannot be moved is never written over (marks stay in memory).
   */
  private async keepAside(why: string): Promise<void> {
    const aside = await setAsideBad(this.file);
    if (aside.moved) {
      this.problem = `${why}; kept it as ${aside.path} and started with no marks`;
    } else {
      this.writable = false;
      this.problem = `${why}; it could not be moved aside (${aside.error}), so marks are not saved over it`;
    }
  }

  async get(): Promise<SessionMarks> {
    await this.load();
    return this.current();
  }

  private current(): SessionMarks {
    return {
      marks: [...this.marks].map(([sessionId, mark]) => ({ sessionId, ...mark })),
      problem: this.problem,
    };
  }

  /** Mark `sessionId` reviewed in `status`, or (null) not reviewed. */
  async setReviewed(
    sessionId: string,
    status: SessionStatus | null,
    nowMs = Date.now(),
  ): Promise<SessionMarks> {
    await this.load();
    const before = this.marks.get(sessionId);
    this.put(sessionId, {
      viewedAt: before?.viewedAt ?? null,
      reviewedStatus: status,
      reviewedAt: status === null ? null : new Date(nowMs).toISOString(),
    });
    return this.changed();
  }

  async markViewed(sessionId: string, nowMs = Date.now()): Promise<SessionMarks> {
    await this.load();
    const before = this.marks.get(sessionId);
    this.put(sessionId, {
      reviewedStatus: before?.reviewedStatus ?? null,
      reviewedAt: before?.reviewedAt ?? null,
      viewedAt: new Date(nowMs).toISOString(),
    });
    return this.changed();
  }

  /** A session whose status moved away from the one reviewed asks for attention again. */
  onTransition(transition: Transition): void {
    void this.load().then(() => {
      const mark = this.marks.get(transition.sessionId);
      if (!mark?.reviewedStatus || mark.reviewedStatus === transition.to) return;
      this.put(transition.sessionId, { ...mark, reviewedStatus: null, reviewedAt: null });
      this.changed();
    });
  }

  private put(sessionId: string, mark: Mark): void {
    this.marks.delete(sessionId);
    if (mark.reviewedStatus === null && mark.viewedAt === null) return;
    this.marks.set(sessionId, mark);
    if (this.marks.size <= MAX_MARKS) return;
    const oldest = [...this.marks].sort((a, b) => touchedAt(a[1]).localeCompare(touchedAt(b[1])));
    for (const [id] of oldest.slice(0, this.marks.size - MAX_MARKS)) this.marks.delete(id);
  }

  private changed(): SessionMarks {
    const marks = this.current();
    this.emit('change', marks);
    this.scheduleWrite();
    return marks;
  }

  private scheduleWrite(): void {
    if (this.writeTimer) return;
    this.writeTimer = setTimeout(() => {
      this.writeTimer = null;
      void this.write();
    }, WRITE_DELAY_MS);
  }

  private write(): Promise<void> {
    if (!this.writable) return this.writing;
    const sessions = Object.fromEntries(this.marks);
    const text = `${JSON.stringify({ version: FILE_VERSION, sessions }, null, 1)}\n`;
    // One write at a time, in order: the last one carries the latest marks.
    this.writing = this.writing
      .then(() => writeFileAtomic(this.file, text))
      .catch((error: unknown) => {
        this.problem = `could not save the session marks to ${this.file}: ${(error as Error).message}`;
        this.emit('change', this.current());
      });
    return this.writing;
  }

  /** Write pending marks now (shutdown); resolves when they are on disk. */
  flush(): Promise<void> {
    if (this.writeTimer) {
      clearTimeout(this.writeTimer);
      this.writeTimer = null;
      return this.write();
    }
    return this.writing;
  }

  dispose(): Promise<void> {
    const done = this.flush();
    this.removeAllListeners();
    return done;
  }
}

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
import { dirname, join, parse } from 'node:path';
import { z } from 'zod';
import {
  SessionStatusSchema,
  type SessionMark,
  type SessionMarks,
  type SessionStatus,
  type Transition,
} from '../../../preload/contract';
import { DirWatcher } from '../../core/files/dirWatcher';
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
  nickname: z.string().nullable().catch(null),
  nicknameAt: Iso,
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
  return [mark.reviewedAt ?? '', mark.viewedAt ?? '', mark.nicknameAt ?? ''].sort().at(-1) ?? '';
}

/** A mark with every field (older files and callers leave the nickname out). */
function full(mark: Mark): Required<Mark> {
  return { ...mark, nickname: mark.nickname ?? null, nicknameAt: mark.nicknameAt ?? null };
}

export class SessionMarksStore extends EventEmitter<SessionMarksEvents> {
  private readonly marks = new Map<string, Mark>();
  private problem: string | null = null;
  /** Why the last write failed; null once a write succeeds (a CLI must not say "saved" then). */
  writeError: string | null = null;
  /** False when an unreadable file could not be moved aside: never written over. */
  private writable = true;
  private loaded: Promise<void> | null = null;
  private writeTimer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private watcher: DirWatcher | null = null;
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
      ...this.kept(before),
      reviewedStatus: status,
      reviewedAt: status === null ? null : new Date(nowMs).toISOString(),
    });
    return this.changed();
  }

  async markViewed(sessionId: string, nowMs = Date.now()): Promise<SessionMarks> {
    await this.load();
    const before = this.marks.get(sessionId);
    this.put(sessionId, { ...this.kept(before), viewedAt: new Date(nowMs).toISOString() });
    return this.changed();
  }

  /** Name a session (null or blank: drop the name). Kept in the same file as the other marks. */
  async setNickname(
    sessionId: string,
    nickname: string | null,
    nowMs = Date.now(),
  ): Promise<SessionMarks> {
    await this.load();
    const name = nickname?.replace(/\s+/g, ' ').trim() || null;
    this.put(sessionId, {
      ...this.kept(this.marks.get(sessionId)),
      nickname: name,
      nicknameAt: new Date(nowMs).toISOString(),
    });
    return this.changed();
  }

  private kept(before: Mark | undefined): Required<Mark> {
    return full(
      before ?? {
        reviewedStatus: null,
        reviewedAt: null,
        viewedAt: null,
        nickname: null,
        nicknameAt: null,
      },
    );
  }

  /**
   * Nicknames another Loopwatch process (\`loopwatch nick\`) wrote since: the
   * newer one wins, by its time. True when something changed here.
   */
  private async mergeNicknamesFromDisk(): Promise<boolean> {
    const read = await readTextFile(this.file);
    const json = read.ok ? parseJson(read.text, this.file) : null;
    const parsed = json?.ok ? StoredFile.safeParse(json.value) : null;
    if (!parsed?.success) return false;
    let changed = false;
    for (const [id, value] of Object.entries(parsed.data.sessions)) {
      const theirs = StoredMark.safeParse(value);
      if (!theirs.success || !theirs.data.nicknameAt) continue;
      const ours = this.kept(this.marks.get(id));
      if ((ours.nicknameAt ?? '') >= theirs.data.nicknameAt) continue;
      this.put(id, { ...ours, nickname: theirs.data.nickname, nicknameAt: theirs.data.nicknameAt });
      changed = true;
    }
    return changed;
  }

  /** Follow the file: a nickname set from the CLI shows in an open dashboard. */
  watch(): void {
    if (this.watcher) return;
    const dir = dirname(this.file);
    // The config dir (and its parent) may not exist yet: wait for it from any ancestor.
    const watcher = new DirWatcher(
      dir,
      (name) => {
        if (name === null || name === MARKS_FILE_NAME) void this.refreshFromDisk();
      },
      parse(dir).root,
    );
    watcher.start();
    this.watcher = watcher;
  }

  /** Look at the file again (it changed on disk): take newer nicknames, tell listeners. */
  async refreshFromDisk(): Promise<void> {
    await this.load();
    if (await this.mergeNicknamesFromDisk()) this.changed();
  }

  /** A session whose status moved away from the one reviewed asks for attention again. */
  onTransition(transition: Transition): void {
    void this.load().then(() => {
      const mark = this.marks.get(transition.sessionId);
      if (!mark?.reviewedStatus || mark.reviewedStatus === transition.to) return;
      this.put(transition.sessionId, { ...full(mark), reviewedStatus: null, reviewedAt: null });
      this.changed();
    });
  }

  private put(sessionId: string, mark: Mark): void {
    this.marks.delete(sessionId);
    // A removed nickname stays as a dated blank, so an older name on disk does not come back.
    if (mark.reviewedStatus === null && mark.viewedAt === null && !mark.nicknameAt) return;
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
    // One write at a time, in order: the last one carries the latest marks. Nicknames set by
    // another process meanwhile are merged in first, so this write does not undo them.
    this.writing = this.writing
      .then(async () => {
        if (await this.mergeNicknamesFromDisk()) this.emit('change', this.current());
        const sessions = Object.fromEntries(this.marks);
        const text = `${JSON.stringify({ version: FILE_VERSION, sessions }, null, 1)}\n`;
        await writeFileAtomic(this.file, text);
        this.writeError = null;
      })
      .catch((error: unknown) => {
        this.problem = `could not save the session marks to ${this.file}: ${(error as Error).message}`;
        this.writeError = this.problem;
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
    this.watcher?.close();
    this.watcher = null;
    const done = this.flush();
    this.removeAllListeners();
    return done;
  }
}

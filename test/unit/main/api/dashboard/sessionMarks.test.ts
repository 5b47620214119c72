import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKS_FILE_NAME, SessionMarksStore } from '../../../../../main/api/dashboard/sessionMarks';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lw-marks-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const transition = (sessionId: string, to: 'done' | 'crashed' | 'working') => ({
  sessionId,
  name: sessionId,
  from: null,
  to,
  reason: '',
  at: '2026-01-01T00:00:00.000Z',
  initial: false,
});

describe('SessionMarksStore', () => {
  it('saves marks atomically, privately, and a new store reads them back', async () => {
    const store = new SessionMarksStore(dir);
    await store.setReviewed('tmux:/s:a', 'crashed');
    await store.markViewed('tmux:/s:b');
    await store.dispose();
    const file = join(dir, MARKS_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // Only the file itself: the temp file was renamed over it.
    expect(await readdir(dir)).toEqual([MARKS_FILE_NAME]);
    const again = new SessionMarksStore(dir);
    const marks = await again.get();
    expect(marks.marks.find((m) => m.sessionId === 'tmux:/s:a')?.reviewedStatus).toBe('crashed');
    expect(marks.marks.find((m) => m.sessionId === 'tmux:/s:b')?.viewedAt).toMatch(/^20/);
    await again.dispose();
  });

  it('drops a reviewed mark when the session moves to another status', async () => {
    const store = new SessionMarksStore(dir);
    const changes: unknown[] = [];
    store.on('change', (m) => changes.push(m));
    await store.setReviewed('a', 'done');
    store.onTransition(transition('a', 'done'));
    store.onTransition(transition('a', 'working'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await store.get()).marks).toEqual([]);
    expect(changes).toHaveLength(2);
    await store.dispose();
  });

  it('sets a malformed file aside, says so, and starts empty', async () => {
    const file = join(dir, MARKS_FILE_NAME);
    await writeFile(file, '{"version": 1, "sessions": ');
    const store = new SessionMarksStore(dir);
    const marks = await store.get();
    expect(marks.marks).toEqual([]);
    expect(marks.problem).toMatch(/not valid JSON.*kept it as .*\.bad-\d+/);
    const aside = (await readdir(dir)).find((name) => name.includes('.bad-'));
    expect(await readFile(join(dir, aside!), 'utf8')).toBe('{"version": 1, "sessions": ');
    await store.dispose();
  });

  // Mode 000 only stops a reader that is not root (root reads it anyway: then it is just valid JSON).
  const unreadable: [string, (file: string) => Promise<void>][] = [
    ['binary', (file) => writeFile(file, Buffer.from([0x7b, 0x00, 0xff, 0x7d]))],
    ['over the size cap', (file) => writeFile(file, ' '.repeat(10 * 1024 * 1024 + 1))],
    ['a directory', (file) => mkdir(file)],
    ...(process.getuid?.() === 0
      ? []
      : [
          [
            'mode 000',
            async (file: string) => {
              await writeFile(file, '{"version":1,"sessions":{}}');
              await chmod(file, 0o000);
            },
          ] as [string, (file: string) => Promise<void>],
        ]),
  ];
  for (const [what, make] of unreadable) {
    it(`an unreadable file (${what}) is moved aside before the first write, never overwritten`, async () => {
      const file = join(dir, MARKS_FILE_NAME);
      await make(file);
      const before = await stat(file);
      const store = new SessionMarksStore(dir);
      const marks = await store.markViewed('tmux:/s:a');
      expect(marks.problem).toMatch(/could not read the session marks: .*kept it as .*\.bad-/);
      await store.dispose();
      const aside = (await readdir(dir)).find((name) => name.includes('.bad-'));
      expect(aside).toBeDefined();
      const kept = await stat(join(dir, aside!));
      expect([kept.ino, kept.size]).toEqual([before.ino, before.size]);
      const saved = JSON.parse(await readFile(file, 'utf8')) as {
        sessions: Record<string, { viewedAt: string | null }>;
      };
      expect(saved.sessions['tmux:/s:a']?.viewedAt).toEqual(expect.any(String));
    });
  }

  it('skips single bad entries and keeps the good ones', async () => {
    await writeFile(
      join(dir, MARKS_FILE_NAME),
      JSON.stringify({
        version: 1,
        sessions: {
          good: { reviewedStatus: 'done', reviewedAt: '2026-01-01T00:00:00.000Z', viewedAt: null },
          bad: 'nonsense',
        },
      }),
    );
    const store = new SessionMarksStore(dir);
    expect((await store.get()).marks.map((m) => m.sessionId)).toEqual(['good']);
    await store.dispose();
  });
});

describe('nicknames', () => {
  it('are kept with the other marks, trimmed, and removed by a blank', async () => {
    const store = new SessionMarksStore(dir);
    const marks = await store.setNickname('s1', '  the   auth fix ', 1_000);
    expect(marks.marks).toEqual([
      expect.objectContaining({ sessionId: 's1', nickname: 'the auth fix', viewedAt: null }),
    ]);
    await store.markViewed('s1', 2_000);
    expect((await store.get()).marks[0]).toMatchObject({ nickname: 'the auth fix' });
    await store.setNickname('s1', '   ', 3_000);
    expect((await store.get()).marks[0]).toMatchObject({ nickname: null });
    await store.dispose();
    const again = new SessionMarksStore(dir);
    expect((await again.get()).marks[0]).toMatchObject({
      nickname: null,
      viewedAt: expect.any(String),
    });
    await again.dispose();
  });

  it("set by another process survive this one's next write, and a later removal wins", async () => {
    const app = new SessionMarksStore(dir);
    await app.markViewed('s1', 1_000);
    await app.flush();
    const cli = new SessionMarksStore(dir);
    await cli.setNickname('s1', 'from the CLI', 2_000);
    await cli.dispose();
    // The app writes its own change after the CLI's: the nickname is merged in, not undone.
    await app.markViewed('s2', 3_000);
    await app.flush();
    const file = JSON.parse(await readFile(join(dir, MARKS_FILE_NAME), 'utf8')) as {
      sessions: Record<string, { nickname?: string | null }>;
    };
    expect(file.sessions.s1?.nickname).toBe('from the CLI');
    expect((await app.get()).marks.find((m) => m.sessionId === 's1')?.nickname).toBe(
      'from the CLI',
    );
    // Removed later in the app: the older name on disk does not come back.
    await app.setNickname('s1', null, 4_000);
    await app.flush();
    await app.refreshFromDisk();
    expect((await app.get()).marks.find((m) => m.sessionId === 's1')?.nickname).toBeNull();
    await app.dispose();
  });
});

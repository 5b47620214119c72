/**
 * The remote readers' parsers: a host's answers judged by the same rules as
 * local reads (files/readBounded.ts), process start times from /proc text,
 * and the run listing (hosts/hostRuns.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../../../../main/core/hosts/hostRuns';
import { parseRead, parseStartTime } from '../../../../../main/core/hosts/remoteMachine';

describe('parseRead', () => {
  it('reads a whole file with its size and mtime', () => {
    expect(parseRead('/p/f', 'whole', 100, 'ok 5 1700000000.250\nhello')).toEqual({
      ok: true,
      text: 'hello',
      size: 5,
      mtimeMs: 1_700_000_000_250,
    });
  });

  it('refuses a file over the cap, one that grew past it, and binary data', () => {
    expect(parseRead('/p/f', 'whole', 4, 'ok 5 1\n')).toMatchObject({
      ok: false,
      error: '/p/f is 5 bytes, over the 4-byte limit',
    });
    expect(parseRead('/p/f', 'whole', 4, 'ok 3 1\nhello')).toMatchObject({
      ok: false,
      error: '/p/f grew past the 4-byte limit',
    });
    expect(parseRead('/p/f', 'whole', 9, 'ok 3 1\na\0b')).toMatchObject({
      ok: false,
      error: '/p/f holds binary data, not text',
    });
  });

  it('says why a path is not read: missing, a dangling link, a FIFO, no permission, a failure', () => {
    expect(parseRead('/p/f', 'whole', 9, 'missing\n')).toMatchObject({ ok: false, missing: true });
    expect(parseRead('/p/f', 'whole', 9, 'dangling\n')).toMatchObject({
      missing: false,
      error: '/p/f is a symbolic link to a missing file',
    });
    expect(parseRead('/p/f', 'whole', 9, 'special\n')).toMatchObject({
      error: '/p/f is not a regular file',
    });
    expect(parseRead('/p/f', 'whole', 9, 'noperm\n')).toMatchObject({
      error: 'no permission to read /p/f',
    });
    expect(parseRead('/p/f', 'whole', 9, '')).toMatchObject({ ok: false, missing: false });
  });

  it('cuts a tail at its first line start when the file is longer than the tail', () => {
    expect(parseRead('/p/f', 'tail', 6, 'ok 20 1\nrt\nlast\n')).toMatchObject({
      ok: true,
      text: 'last\n',
      size: 20,
    });
    expect(parseRead('/p/f', 'tail', 60, 'ok 8 1\nrt\nlast\n')).toMatchObject({
      text: 'rt\nlast\n',
    });
  });
});

describe('parseStartTime', () => {
  it('counts field 22 after a command name holding spaces and parens', () => {
    const fields = Array.from({ length: 20 }, (_, i) => String(i + 3));
    fields[19] = '250'; // starttime: 2.5 s after boot at 100 Hz
    const stat = `42 (a b) c) ${fields.join(' ')}`;
    expect(parseStartTime(`${stat}\n1700000000\n100\n`)).toBe(1_700_000_002_500);
  });

  it('is null for a process that is gone or an odd answer', () => {
    expect(parseStartTime('')).toBeNull();
    expect(parseStartTime('42 (x) S 1\nnot-a-number\n100\n')).toBeNull();
  });
});

describe('parseListing', () => {
  it('groups run files by root and run, keeps dirs and the inotify answer, and drops non-run names', () => {
    const record = (...fields: string[]) => fields.map((f) => `${f}\0`).join('');
    const out =
      record('/r o', '-', 'dir', '/r o/.claude/locks') +
      record('/r o', 'demo', 'lock', '10 1.5') +
      record('/r o', 'demo', 'state', '20 2.5') +
      record('/r o', 'Bad Name', 'lock', '1 1') +
      record('-', '-', 'inotify', 'yes');
    const listing = parseListing(out);
    expect(listing.inotify).toBe(true);
    expect(listing.dirs).toEqual(['/r o/.claude/locks']);
    expect([...listing.runs.keys()]).toEqual(['/r o\0demo']);
    expect(Object.fromEntries(listing.runs.get('/r o\0demo')!)).toEqual({
      lock: '10 1.5',
      state: '20 2.5',
    });
  });
});

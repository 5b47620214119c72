import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonTooBig,
  parseJson,
  readTail,
  readTextFile,
} from '../../../../../main/core/files/readBounded';

describe('readTextFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-read-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads text and says when a file is missing', async () => {
    await writeFile(join(dir, 'a.json'), '{"x":1}');
    expect(await readTextFile(join(dir, 'a.json'))).toMatchObject({
      ok: true,
      text: '{"x":1}',
      size: 7,
    });
    expect(await readTextFile(join(dir, 'nope'))).toMatchObject({ ok: false, missing: true });
  });

  it('refuses files over the limit and binary data, with reasons', async () => {
    await writeFile(join(dir, 'big'), 'x'.repeat(2048));
    expect(await readTextFile(join(dir, 'big'), 1024)).toMatchObject({
      ok: false,
      missing: false,
      error: expect.stringMatching(/over the 1024-byte limit/),
    });
    await writeFile(join(dir, 'bin'), Buffer.from([0x7b, 0x00, 0xff]));
    expect(await readTextFile(join(dir, 'bin'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/binary/),
    });
    expect(await readTextFile(dir)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a regular file/),
    });
  });

  it('reports a permission problem instead of throwing', async () => {
    if (process.getuid?.() === 0) {
      // root reads anything: check the wording through a directory instead.
      expect(await readTextFile(dir)).toMatchObject({ ok: false });
      return;
    }
    await writeFile(join(dir, 'secret'), 'x');
    await chmod(join(dir, 'secret'), 0o000);
    expect(await readTextFile(join(dir, 'secret'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/permission/),
    });
  });

  it('tails from a line start', async () => {
    await writeFile(join(dir, 'log'), 'one\ntwo\nthree\nfour\n');
    const tail = await readTail(join(dir, 'log'), 9);
    expect(tail).toMatchObject({ ok: true, text: 'four\n' });
    expect(await readTail(join(dir, 'log'), 1000)).toMatchObject({
      ok: true,
      text: 'one\ntwo\nthree\nfour\n',
    });
  });
});

describe('unsafe paths and bounded JSON', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-read-unsafe-'));
    await promisify(execFile)('mkfifo', [join(dir, 'fifo')]);
    await symlink(join(dir, 'fifo'), join(dir, 'to-fifo'));
    await symlink(join(dir, 'nowhere'), join(dir, 'dangling'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('refuses a FIFO, a symlink to one, a device and a directory without blocking', async () => {
    for (const reader of [(p: string) => readTextFile(p), (p: string) => readTail(p, 1024)]) {
      expect(await reader(join(dir, 'fifo'))).toMatchObject({
        ok: false,
        missing: false,
        error: expect.stringMatching(/is a FIFO \(named pipe\), not a regular file/),
      });
      expect(await reader(join(dir, 'to-fifo'))).toMatchObject({ ok: false, missing: false });
      expect(await reader('/dev/zero')).toMatchObject({
        ok: false,
        error: '/dev/zero is a device, not a regular file',
      });
      expect(await reader(dir)).toMatchObject({ ok: false, missing: false });
    }
  });

  it('says a dangling symlink is one', async () => {
    expect(await readTextFile(join(dir, 'dangling'))).toMatchObject({
      ok: false,
      missing: false,
      error: expect.stringMatching(/symbolic link to a missing file/),
    });
  });

  it('bounds JSON depth and value count, strings included correctly', () => {
    expect(jsonTooBig('[[[]]]', 3)).toBeNull();
    expect(jsonTooBig('[[[[]]]]', 3)).toBe('nests deeper than 3 levels');
    expect(jsonTooBig('[1,2,3]', 64, 3)).toBeNull();
    expect(jsonTooBig('[1,2,3,4]', 64, 3)).toBe('holds more than 3 JSON values');
    // Brackets and commas inside strings (escaped quotes too) are text, not structure.
    expect(jsonTooBig('["[[[[,,,,\\"[[[["]', 2, 3)).toBeNull();
    expect(parseJson('[1]', 'x.json')).toEqual({ ok: true, value: [1] });
    expect(parseJson('['.repeat(65) + ']'.repeat(65), 'x.json')).toEqual({
      ok: false,
      error: 'x.json nests deeper than 64 levels: not read',
    });
  });
});

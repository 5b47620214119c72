import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTail, readTextFile } from '../../../../../main/core/files/readBounded';

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

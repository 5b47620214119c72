import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServeToken, TOKEN_FILE_NAME } from '../../../../main/server/tokenFile';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lw-token-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the serve token file', () => {
  it('is created with mode 600 and reused by the next run', async () => {
    const first = await loadServeToken(join(dir, 'loopwatch'));
    expect(first.token).toMatch(/^[\w-]{40,}$/);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    const second = await loadServeToken(join(dir, 'loopwatch'));
    expect(second.token).toBe(first.token);
    expect(second.note).toMatch(/reusing the token/);
  });

  it('is replaced on --new-token', async () => {
    const first = await loadServeToken(dir);
    const renewed = await loadServeToken(dir, true);
    expect(renewed.token).not.toBe(first.token);
    expect((await readFile(renewed.path, 'utf8')).trim()).toBe(renewed.token);
  });

  it('is replaced when other users could read it', async () => {
    const first = await loadServeToken(dir);
    await chmod(first.path, 0o644);
    const next = await loadServeToken(dir);
    expect(next.token).not.toBe(first.token);
    expect(next.note).toMatch(/open to other users/);
    expect((await stat(next.path)).mode & 0o777).toBe(0o600);
  });

  it('keeps a file that holds no token aside instead of overwriting it', async () => {
    await writeFile(join(dir, TOKEN_FILE_NAME), 'my notes, not a token', { mode: 0o600 });
    const next = await loadServeToken(dir);
    expect(next.note).toMatch(/does not hold a token; moved it to/);
    const aside = (await readdir(dir)).find((name) => name.includes('.bad-'));
    expect(await readFile(join(dir, aside!), 'utf8')).toBe('my notes, not a token');
  });
});

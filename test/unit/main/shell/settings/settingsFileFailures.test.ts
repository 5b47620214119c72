/**
 * The settings file when the file system says no: fs calls wrapped in
 * spies, so a test can watch the write order or make one call fail.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: vi.fn(actual.rename),
    copyFile: vi.fn(actual.copyFile),
    writeFile: vi.fn(actual.writeFile),
  };
});

const fs = await import('node:fs/promises');
const { openJsonSettings } = await import('../../../../../main/shell/settings/settingsStore');

let dir: string;
let file: string;
const warn = vi.fn();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lw-settings-fail-'));
  file = join(dir, 'settings.json');
  vi.mocked(fs.rename).mockClear();
  vi.mocked(fs.writeFile).mockClear();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function eacces(): NodeJS.ErrnoException {
  return Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
}

describe('settings file on a file system that says no', () => {
  it('writes a temp file beside the settings, then renames it over them', async () => {
    const store = await openJsonSettings(file, warn);
    await store.update({ sound: false });
    const [temp] = vi.mocked(fs.writeFile).mock.calls[0]!;
    expect(temp).toMatch(new RegExp(`^${file}\\.\\d+\\.[0-9a-f]+\\.tmp$`));
    expect(vi.mocked(fs.rename).mock.calls).toEqual([[temp, file]]);
  });

  it('leaves the old file and no temp file when the rename fails', async () => {
    await writeFile(file, JSON.stringify({ sound: true }));
    const store = await openJsonSettings(file, warn);
    vi.mocked(fs.rename).mockRejectedValueOnce(eacces());
    await expect(store.update({ sound: false })).rejects.toThrow(/EACCES/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ sound: true });
    expect(await fs.readdir(dir)).toEqual(['settings.json']);
    expect(store.get().sound).toBe(true);
  });

  it('will not save over a bad file it could not move aside', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(file, 'garbage');
    vi.mocked(fs.rename).mockRejectedValueOnce(eacces());
    const store = await openJsonSettings(file, warn);
    expect(store.state().notice).toMatch(/could not be moved aside \(EACCES/);
    await expect(store.update({ sound: false })).rejects.toThrow(/cannot be saved/);
    expect(await readFile(file, 'utf8')).toBe('garbage');
  });

  it('will not save over a partly invalid file it could not back up', async () => {
    await writeFile(file, JSON.stringify({ theme: 'purple', sound: false }));
    vi.mocked(fs.copyFile).mockRejectedValueOnce(eacces());
    const store = await openJsonSettings(file, warn);
    expect(store.get().sound).toBe(false);
    expect(store.state().notice).toMatch(/could not be backed up/);
    await expect(store.update({ theme: 'dark' })).rejects.toThrow(/cannot be saved/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'purple', sound: false });
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const { openElectronSettings } = await import('../../../../main/electron/settingsStore');
const { DEFAULT_SETTINGS } = await import('../../../../preload/contract');

let dir: string;
const warn = vi.fn();

beforeEach(async () => {
  electron.reset();
  dir = await mkdtemp(join(tmpdir(), 'lw-estore-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('desktop settings (electron-store)', () => {
  it("saves through electron-store into the app's settings.json, and reads it back", async () => {
    const store = await openElectronSettings(dir, warn);
    expect(store.state()).toMatchObject({
      file: join(dir, 'settings.json'),
      startAtLoginSupported: true,
    });
    await store.update({ theme: 'dark', mutedSessions: ['tmux:/s:a'] });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      mutedSessions: ['tmux:/s:a'],
    });
    const again = await openElectronSettings(dir, warn);
    expect(again.get().theme).toBe('dark');
  });

  it('moves a corrupted file aside before electron-store opens it, and warns', async () => {
    await writeFile(join(dir, 'settings.json'), '{"theme": ');
    const store = await openElectronSettings(dir, warn);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readFile(join(dir, 'settings.json.bak'), 'utf8')).toBe('{"theme": ');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/settings\.json\.bak/));
    await store.update({ sound: false });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      sound: false,
    });
  });
});

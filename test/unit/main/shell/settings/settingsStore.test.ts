import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../../preload/contract';
import {
  openJsonSettings,
  openSettingsStore,
} from '../../../../../main/shell/settings/settingsStore';

let dir: string;
let file: string;
let warnings: string[];
const warn = (message: string): void => {
  warnings.push(message);
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lw-settings-'));
  file = join(dir, 'loopwatch', 'settings.json');
  warnings = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeSettingsFile(text: string): Promise<void> {
  await mkdir(join(dir, 'loopwatch'), { recursive: true });
  await writeFile(file, text);
}

describe('settings store (JSON file, serve mode)', () => {
  it('starts from the defaults when there is no file, and says nothing', async () => {
    const store = await openJsonSettings(file, warn);
    expect(store.state()).toEqual({
      settings: DEFAULT_SETTINGS,
      notice: null,
      file,
      startAtLoginSupported: false,
    });
    expect(warnings).toEqual([]);
  });

  it('saves a patch atomically: the whole file, no temp file left, readable only by the user', async () => {
    const store = await openJsonSettings(file, warn);
    const changed = vi.fn();
    store.onChange(changed);
    const state = await store.update({ notifyFinished: false, extraSockets: ['/tmp/x.sock'] });
    expect(state.settings.notifyFinished).toBe(false);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      ...DEFAULT_SETTINGS,
      notifyFinished: false,
      extraSockets: ['/tmp/x.sock'],
    });
    expect(await readdir(join(dir, 'loopwatch'))).toEqual(['settings.json']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(changed).toHaveBeenCalledWith(state);
    // A second store reads what the first wrote.
    expect((await openJsonSettings(file, warn)).get().extraSockets).toEqual(['/tmp/x.sock']);
  });

  it('moves a corrupted file aside to settings.json.bak, uses defaults and tells the user', async () => {
    await writeSettingsFile('{"notifyFinished": false,');
    const store = await openJsonSettings(file, warn);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"notifyFinished": false,');
    const { notice } = store.state();
    expect(notice).toMatch(/is not valid JSON/);
    expect(notice).toContain(`moved to ${file}.bak`);
    expect(warnings).toEqual([`loopwatch: ${notice}`]);
    // Saving now writes a fresh file; the backup stays as it was.
    await store.update({ theme: 'dark' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ theme: 'dark' });
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"notifyFinished": false,');
  });

  it('never overwrites an earlier backup', async () => {
    await writeSettingsFile('not json 1');
    await openJsonSettings(file, warn);
    await writeFile(file, 'not json 2');
    const second = await openJsonSettings(file, warn);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('not json 1');
    expect(await readFile(`${file}.bak.1`, 'utf8')).toBe('not json 2');
    expect(second.state().notice).toContain(`${file}.bak.1`);
  });

  it.each([
    ['an empty file', ''],
    ['a JSON array', '[1, 2]'],
    ['binary garbage', '\u0000\u0001\u0002'],
  ])('treats %s as corrupted', async (_what, text) => {
    await writeSettingsFile(text);
    const store = await openJsonSettings(file, warn);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(text);
    expect(warnings).toHaveLength(1);
  });

  it('keeps the valid fields of a file with invalid ones, backs it up first, and says which were reset', async () => {
    const original = JSON.stringify({
      notifyFinished: false,
      theme: 'purple',
      extraSockets: ['relative.sock'],
      futureSetting: { keep: 'me' },
    });
    await writeSettingsFile(original);
    const store = await openJsonSettings(file, warn);
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, notifyFinished: false });
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(original);
    expect(store.state().notice).toMatch(/reset to their defaults: theme \(.*\); extraSockets \(/);
    // A field from a newer version is written back, not dropped.
    await store.update({ sound: false });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      ...DEFAULT_SETTINGS,
      notifyFinished: false,
      sound: false,
      futureSetting: { keep: 'me' },
    });
  });

  it('refuses an invalid patch or an unknown field, and changes nothing', async () => {
    const store = await openJsonSettings(file, warn);
    await expect(store.update({ theme: 'purple' } as never)).rejects.toThrow(/theme/);
    await expect(store.update({ colour: 'red' } as never)).rejects.toThrow(/colour/);
    await expect(store.update({ extraSockets: ['x.sock'] })).rejects.toThrow(/absolute path/);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('applies concurrent patches one after another, losing none', async () => {
    const store = await openJsonSettings(file, warn);
    await Promise.all([
      store.update({ sound: false }),
      store.update({ theme: 'light' }),
      store.update({ mutedSessions: ['a', 'a', 'b'] }),
    ]);
    const expected = {
      ...DEFAULT_SETTINGS,
      sound: false,
      theme: 'light',
      mutedSessions: ['a', 'b'],
    };
    expect(store.get()).toEqual(expected);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(expected);
  });

  it('keeps the settings unchanged when saving fails, and says why', async () => {
    const store = await openSettingsStore({
      file,
      write: () => Promise.reject(new Error('disk full')),
      warn,
      startAtLoginSupported: false,
    });
    await expect(store.update({ sound: false })).rejects.toThrow('disk full');
    expect(store.get().sound).toBe(true);
    // The queue goes on after a failure.
    await expect(store.update({ sound: false })).rejects.toThrow('disk full');
  });
});

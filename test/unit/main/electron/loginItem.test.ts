import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const { launchCommand, setStartAtLogin } = await import('../../../../main/electron/loginItem');

let dir: string;
beforeEach(async () => {
  electron.reset();
  dir = await mkdtemp(join(tmpdir(), 'lw-login-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('start at login', () => {
  it('on Linux writes and removes an XDG autostart entry that runs this app', async () => {
    const env = { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/u/Apps/Loop Watch.AppImage' };
    await setStartAtLogin(true, 'linux', env, vi.fn());
    const entry = await readFile(join(dir, 'autostart', 'loopwatch.desktop'), 'utf8');
    expect(entry).toContain('Exec="/home/u/Apps/Loop Watch.AppImage"\n');
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
    await setStartAtLogin(false, 'linux', env, vi.fn());
    await expect(readFile(join(dir, 'autostart', 'loopwatch.desktop'))).rejects.toThrow(/ENOENT/);
  });

  it.each(['darwin', 'win32'] as const)('on %s uses Electron login items', async (platform) => {
    await setStartAtLogin(true, platform, {}, vi.fn());
    expect(electron.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
  });

  it('launches the AppImage, the packaged binary, or electron with the app folder', () => {
    expect(launchCommand({ APPIMAGE: '/a.AppImage' })).toEqual(['/a.AppImage']);
    expect(launchCommand({})).toEqual([process.execPath, '/app']);
    electron.app.isPackaged = true;
    expect(launchCommand({})).toEqual([process.execPath]);
    electron.app.isPackaged = false;
  });
});

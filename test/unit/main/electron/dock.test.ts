/** The tray-only option: on macOS the Dock icon follows the `showInDock` setting. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const { startShell } = await import('../../../../main/electron/shell');
const { openJsonSettings } = await import('../../../../main/shell/settings/settingsStore');
const { FakeSupervisor } = await import('../../../helpers/fakeSupervisor');

let dir: string;

beforeEach(async () => {
  electron.reset();
  dir = await mkdtemp(join(tmpdir(), 'lw-dock-'));
});

afterEach(async () => rm(dir, { recursive: true, force: true }));

async function shell(platform: NodeJS.Platform, showInDock: boolean) {
  const settings = await openJsonSettings(join(dir, 'settings.json'), vi.fn());
  await settings.update({ showInDock });
  return {
    settings,
    shell: await startShell({
      env: {},
      platform,
      mainDir: '/app/out/main',
      supervisor: new FakeSupervisor().asSupervisor(),
      settings,
      quit: vi.fn(),
      warn: vi.fn(),
    }),
  };
}

describe('tray-only (no Dock icon)', () => {
  it('hides the Dock icon on macOS when showInDock is off, and shows it when turned on', async () => {
    const { shell: s } = await shell('darwin', false);
    expect(electron.app.dock.hide).toHaveBeenCalledTimes(1);
    expect(electron.app.dock.show).not.toHaveBeenCalled();
    await s.shutdown();
  });

  it('keeps the Dock icon by default, and never touches the Dock elsewhere', async () => {
    const mac = await shell('darwin', true);
    expect(electron.app.dock.show).toHaveBeenCalled();
    expect(electron.app.dock.hide).not.toHaveBeenCalled();
    await mac.shell.shutdown();
    electron.reset();
    const linux = await shell('linux', false);
    expect(electron.app.dock.hide).not.toHaveBeenCalled();
    await linux.shell.shutdown();
  });
});

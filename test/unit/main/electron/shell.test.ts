import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transition } from '../../../../preload/contract';
import type { MenuTemplateItem } from '../../../helpers/electronMock';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const { startShell } = await import('../../../../main/electron/shell');
const { TRAY_REDRAW_DEBOUNCE_MS } = await import('../../../../main/electron/trayController');
const { COALESCE_WINDOW_MS } = await import('../../../../main/shell/notificationPolicy');
const { openJsonSettings } = await import('../../../../main/shell/settings/settingsStore');
const { events, operations } = await import('../../../../preload/contract');
const { FakeSupervisor } = await import('../../../helpers/fakeSupervisor');
const { sampleSession } = await import('../../../helpers/samples');

let dir: string;
let supervisor: InstanceType<typeof FakeSupervisor>;
const quit = vi.fn();
const warn = vi.fn();

async function shell(platform: NodeJS.Platform = 'linux') {
  return startShell({
    env: {},
    platform,
    mainDir: '/app/out/main',
    supervisor: supervisor.asSupervisor(),
    settings: await openJsonSettings(join(dir, 'settings.json'), warn),
    quit,
    warn,
  });
}

function crash(id: string): Transition {
  return {
    sessionId: id,
    name: 'api',
    from: 'working',
    to: 'crashed',
    reason: 'pane %1 exited with status 3',
    at: new Date().toISOString(),
    initial: false,
  };
}

function menuItem(label: string): MenuTemplateItem {
  const tray = electron.Tray.instances[0]!;
  const template = (tray.setContextMenu.mock.lastCall![0] as { template: MenuTemplateItem[] })
    .template;
  const all = template.flatMap((i) => [i, ...(i.submenu ?? [])]);
  return all.find((i) => i.label === label)!;
}

beforeEach(async () => {
  electron.reset();
  dir = await mkdtemp(join(tmpdir(), 'lw-shell-'));
  supervisor = new FakeSupervisor();
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('desktop shell', () => {
  it('starts the supervisor, binds IPC, opens the dashboard and shows the tray', async () => {
    const s = await shell();
    expect(supervisor.start).toHaveBeenCalledOnce();
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(Object.keys(operations).length);
    expect(electron.BrowserWindow.instances).toHaveLength(1);
    expect(electron.Tray.instances).toHaveLength(1);
    expect(electron.Tray.instances[0]!.image.source.path).toBe('/app/assets/tray/none-22.png');
    await s.shutdown();
  });

  it('follows the sessions in the tray and the theme setting in nativeTheme', async () => {
    vi.useFakeTimers();
    const s = await shell();
    supervisor.change([sampleSession({ id: 'a', status: 'waiting' })]);
    await vi.advanceTimersByTimeAsync(TRAY_REDRAW_DEBOUNCE_MS);
    expect(electron.Tray.instances[0]!.setToolTip).toHaveBeenLastCalledWith('Loopwatch: 1 waiting');
    await s.shutdown();
  });

  it('shows a native notification for a transition, and a click opens that terminal', async () => {
    vi.useFakeTimers();
    const s = await shell();
    const window = electron.BrowserWindow.instances[0]!;
    supervisor.change([sampleSession({ id: 'a', status: 'crashed' })], [crash('a')]);
    await vi.advanceTimersByTimeAsync(COALESCE_WINDOW_MS);
    const [notification] = electron.Notification.instances;
    expect(notification!.options).toMatchObject({ title: 'api crashed' });
    notification!.emit('click');
    expect(window.webContents.send).toHaveBeenCalledWith(events.terminalRequested.channel, {
      sessionId: 'a',
      mode: 'watch',
    });
    await s.shutdown();
  });

  it('waits for a dashboard that is still loading before asking it to open a terminal', async () => {
    const s = await shell();
    const window = electron.BrowserWindow.instances[0]!;
    window.webContents.isLoading.mockReturnValue(true);
    s.openTerminal('b');
    expect(window.webContents.send).not.toHaveBeenCalled();
    window.webContents.emit('did-finish-load');
    expect(window.webContents.send).toHaveBeenCalledWith(events.terminalRequested.channel, {
      sessionId: 'b',
      mode: 'watch',
    });
    await s.shutdown();
  });

  it('runs the tray menu: open a session, pause and resume, settings, quit', async () => {
    vi.useFakeTimers({ now: new Date(2026, 10, 21, 14, 5) });
    const s = await shell();
    const window = electron.BrowserWindow.instances[0]!;
    supervisor.change([sampleSession({ id: 'x', displayName: 'xylo', status: 'working' })]);
    await vi.advanceTimersByTimeAsync(TRAY_REDRAW_DEBOUNCE_MS);
    menuItem('xylo').click!();
    expect(window.webContents.send).toHaveBeenLastCalledWith(events.terminalRequested.channel, {
      sessionId: 'x',
      mode: 'watch',
    });
    const clickedAt = Date.now();
    menuItem('For 1 hour').click!();
    // The settings are saved (real file I/O), announced, and the tray redrawn.
    await vi.waitFor(() =>
      expect(window.webContents.send).toHaveBeenLastCalledWith(
        events.settingsChanged.channel,
        expect.objectContaining({
          settings: expect.objectContaining({
            pausedUntil: new Date(clickedAt + 60 * 60 * 1000).toISOString(),
          }),
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(TRAY_REDRAW_DEBOUNCE_MS);
    menuItem('Resume notifications').click!();
    await vi.waitFor(() =>
      expect(window.webContents.send).toHaveBeenLastCalledWith(
        events.settingsChanged.channel,
        expect.objectContaining({ settings: expect.objectContaining({ pausedUntil: null }) }),
      ),
    );
    await vi.advanceTimersByTimeAsync(TRAY_REDRAW_DEBOUNCE_MS);
    expect(menuItem('Pause notifications')).toBeDefined();
    menuItem('Settings…').click!();
    expect(window.webContents.send).toHaveBeenLastCalledWith(events.viewRequested.channel, {
      view: 'settings',
    });
    menuItem('Quit Loopwatch').click!();
    expect(quit).toHaveBeenCalledOnce();
    await s.shutdown();
  });

  it('shutdown() disposes everything it started, the tracked pty host first, once', async () => {
    vi.useFakeTimers();
    const s = await shell();
    const order: string[] = [];
    const ptyHost = vi.fn(() => {
      order.push('pty host');
      expect(supervisor.dispose).not.toHaveBeenCalled();
    });
    s.track(ptyHost);
    supervisor.dispose.mockImplementation(() => order.push('supervisor'));
    // A notification on screen, and one still in the coalescing window.
    supervisor.change([], [crash('a')]);
    await vi.advanceTimersByTimeAsync(COALESCE_WINDOW_MS);
    supervisor.change([], [{ ...crash('b'), name: 'b' }]);
    const tray = electron.Tray.instances[0]!;
    const window = electron.BrowserWindow.instances[0]!;

    await s.shutdown();
    await s.shutdown();
    expect(order).toEqual(['pty host', 'supervisor']);
    expect(ptyHost).toHaveBeenCalledOnce();
    expect(supervisor.dispose).toHaveBeenCalledOnce();
    expect(tray.destroy).toHaveBeenCalledOnce();
    expect(window.destroy).toHaveBeenCalledOnce();
    expect(electron.Notification.instances[0]!.close).toHaveBeenCalled();
    expect(electron.ipcMain.removeHandler).toHaveBeenCalledTimes(Object.keys(operations).length);
    expect(supervisor.listenerCount('transition')).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // Nothing opens again after shutdown.
    s.showDashboard();
    expect(electron.BrowserWindow.instances).toHaveLength(1);
  });

  it('disposes what it had started when the supervisor fails to start', async () => {
    supervisor.start.mockRejectedValueOnce(new Error('no tmux'));
    await expect(shell()).rejects.toThrow('no tmux');
    expect(supervisor.dispose).toHaveBeenCalledOnce();
    expect(electron.Tray.instances).toEqual([]);
  });
});

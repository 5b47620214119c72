import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Shell } from '../../../../main/electron/shell';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const { runApp } = await import('../../../../main/electron/lifecycle');

function fakeShell() {
  return {
    showDashboard: vi.fn<Shell['showDashboard']>(),
    openTerminal: vi.fn<Shell['openTerminal']>(),
    track: vi.fn<Shell['track']>(),
    shutdown: vi.fn<Shell['shutdown']>(() => Promise.resolve()),
  };
}

/** Let every pending promise callback run. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => electron.reset());

describe('app lifecycle', () => {
  it('a second launch quits at once and leaves the first one be', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    const start = vi.fn();
    runApp(start, vi.fn());
    await settle();
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(start).not.toHaveBeenCalled();
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });

  it('the first instance focuses its dashboard when a second one is launched', async () => {
    const shell = fakeShell();
    runApp(() => Promise.resolve(shell), vi.fn());
    await settle();
    electron.app.emit('second-instance');
    await settle();
    expect(shell.showDashboard).toHaveBeenCalledOnce();
  });

  it('keeps running with no window, and shows the dashboard on activate', async () => {
    const shell = fakeShell();
    runApp(() => Promise.resolve(shell), vi.fn());
    await settle();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).not.toHaveBeenCalled();
    electron.app.emit('activate');
    await settle();
    expect(shell.showDashboard).toHaveBeenCalledOnce();
  });

  it('quitting waits for the shell to shut down, then quits for real', async () => {
    const shell = fakeShell();
    let finish = (): void => {};
    shell.shutdown.mockReturnValue(new Promise<void>((resolve) => (finish = resolve)));
    runApp(() => Promise.resolve(shell), vi.fn());
    await settle();
    const first = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    await settle();
    // A second quit request while shutting down does not start another shutdown.
    const second = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', second);
    expect(second.preventDefault).toHaveBeenCalled();
    await settle();
    expect(shell.shutdown).toHaveBeenCalledOnce();
    expect(electron.app.quit).not.toHaveBeenCalled();
    finish();
    await settle();
    expect(electron.app.quit).toHaveBeenCalledOnce();
    const last = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('says why and exits when the shell cannot start', async () => {
    const onFatal = vi.fn();
    runApp(() => Promise.reject(new Error('no display')), onFatal);
    await settle();
    expect(onFatal).toHaveBeenCalledWith(new Error('no display'));
    expect(electron.app.exit).toHaveBeenCalledWith(1);
  });
});

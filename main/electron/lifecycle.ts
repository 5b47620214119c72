/**
 * The app's life: one instance (a second launch focuses the first one's
 * dashboard), a tray app that keeps running with no window, and a quit
 * that waits for the shell to stop everything it started.
 */
import { app } from 'electron';
import type { Shell } from './shell';

export function runApp(start: () => Promise<Shell>, onFatal: (error: Error) => void): void {
  if (!app.requestSingleInstanceLock()) {
    // Another Loopwatch runs: it focuses its dashboard (second-instance below).
    app.quit();
    return;
  }
  let shell: Promise<Shell> | null = null;
  /** running -> stopping (shutdown under way, quits held back) -> stopped (quit goes through). */
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  const withShell = (act: (shell: Shell) => void): void => {
    if (phase === 'running') void shell?.then(act, () => undefined);
  };
  app.on('second-instance', () => withShell((s) => s.showDashboard()));
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => {});
  app.on('activate', () => withShell((s) => s.showDashboard()));
  app.on('before-quit', (event) => {
    if (phase === 'stopped' || !shell) return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    void shell
      .then(
        (s) => s.shutdown(),
        () => undefined,
      )
      .finally(() => {
        phase = 'stopped';
        app.quit();
      });
  });
  void app.whenReady().then(() => {
    shell = start();
    shell.catch((error: unknown) => {
      onFatal(error as Error);
      phase = 'stopped';
      app.exit(1);
    });
  });
}

/**
 * The desktop shell: single instance, the supervisor, the dashboard window,
 * the tray, and the IPC binding. The only part of Loopwatch that imports
 * 'electron'; everything it shows comes from main/core.
 */
import { app, BrowserWindow, type Tray } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiBackend } from '../api/backend';
import { Supervisor } from '../core/supervisor';
import { createOpenTerminal } from '../pty/openTerminal';
import { bindIpc } from './ipc';
import { createPtyHostBridge } from './ptyHostBridge';
import { bindTerminalPorts } from './terminalPorts';
import { createTray } from './tray';
import { createDashboardWindow, isTrustedUrl, windowPaths } from './window';

const mainDir = dirname(fileURLToPath(import.meta.url));
const paths = windowPaths(mainDir, process.env);
const trayIcon = join(mainDir, '..', '..', 'assets', 'tray', 'idle-32.png');
/** The pty host utility process's entry (a build input of its own, electron.vite.config.ts). */
const ptyHostEntry = join(mainDir, 'ptyHost.js');

let dashboard: BrowserWindow | null = null;
let tray: Tray | null = null;

function showDashboard(): void {
  if (!dashboard || dashboard.isDestroyed()) {
    dashboard = createDashboardWindow(paths);
    dashboard.on('closed', () => {
      dashboard = null;
    });
    return;
  }
  if (dashboard.isMinimized()) dashboard.restore();
  dashboard.show();
  dashboard.focus();
}

async function start(): Promise<void> {
  const supervisor = new Supervisor({ env: process.env });
  await supervisor.start();
  // Terminals run in a utility process; main only resolves sessions and passes ports.
  const terminals = createPtyHostBridge(ptyHostEntry);
  const openTerminal = createOpenTerminal({
    sessions: () => supervisor.sessions(),
    host: terminals,
    shell: process.env.SHELL,
  });
  const backend = createApiBackend(supervisor, { openTerminal });
  const senders = {
    isTrustedUrl: (url: string) => isTrustedUrl(url, paths),
    trustedContents: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  };
  const unbind = bindIpc({ backend, ...senders });
  const unbindTerminalPorts = bindTerminalPorts({ bridge: terminals, ...senders });
  tray = createTray(trayIcon, { openDashboard: showDashboard, quit: () => app.quit() });
  showDashboard();
  app.on('before-quit', () => {
    unbind();
    unbindTerminalPorts();
    terminals.dispose();
    backend.dispose();
    supervisor.dispose();
    tray?.destroy();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Loopwatch runs: it focuses its dashboard (second-instance below).
  app.quit();
} else {
  app.on('second-instance', showDashboard);
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => {});
  app.on('activate', showDashboard);
  void app.whenReady().then(start);
}

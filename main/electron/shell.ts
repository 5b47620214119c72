/**
 * The desktop shell: the supervisor, the app core (API, notification
 * policy, settings), the IPC binding, the dashboard window, the tray and
 * native notifications, and the pty host (a utility process) behind the
 * terminals. `shutdown()` disposes all of it, newest first.
 */
import { app, BrowserWindow, nativeTheme, session } from 'electron';
import { join } from 'node:path';
import type {
  EventName,
  EventPayload,
  LoopwatchNotification,
  PauseChoice,
} from '../../preload/contract';
import { writeHookLauncher, type HookInstall } from '../core/hooks/hookLauncher';
import type { Supervisor } from '../core/supervisor';
import { createOpenTerminal } from '../pty/openTerminal';
import { createAppCore } from '../shell/appCore';
import type { SettingsStore } from '../shell/settings/settingsStore';
import { buildTrayModel, type TrayAction } from '../shell/trayModel';
import { serveRenderer } from './appProtocol';
import { bindIpc } from './ipc';
import { setStartAtLogin } from './loginItem';
import { createNativeNotifier } from './notifier';
import { lockDownPermissions } from './permissions';
import { createPtyHostBridge } from './ptyHostBridge';
import { bindTerminalPorts } from './terminalPorts';
import { createTrayController } from './trayController';
import { createDashboardWindow, isTrustedUrl, windowPaths } from './window';

export interface ShellOptions {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The built main folder (out/main): the window, preload and assets are found from it. */
  mainDir: string;
  /** Created, not started: the shell starts it. */
  supervisor: Supervisor;
  settings: SettingsStore;
  /** Leave the app (the tray's Quit); the app's quit handler calls shutdown(). */
  quit: () => void;
  warn: (message: string) => void;
  /** electron-vite's dev mode: the only build that may load ELECTRON_RENDERER_URL. */
  dev?: boolean;
  /** Where this app's hook is: the hook launcher is (re)written from it at start. */
  hookInstall?: HookInstall;
}

export interface Shell {
  showDashboard(): void;
  /** Show the dashboard and ask it to open this session's terminal in watch mode. */
  openTerminal(sessionId: string): void;
  /** Something else to dispose at shutdown (e.g. the pty host), before what the shell started. */
  track(dispose: () => void | Promise<void>): void;
  /** Stop everything the shell started; safe to call twice. */
  shutdown(): Promise<void>;
}

/** macOS only: the Dock icon, or none (tray-only: the menu bar icon is the whole app). */
export function showInDock(platform: NodeJS.Platform, show: boolean): void {
  if (platform !== 'darwin' || !app.dock) return;
  if (show) void app.dock.show();
  else app.dock.hide();
}

export async function startShell(options: ShellOptions): Promise<Shell> {
  const { env, platform, supervisor, settings, warn } = options;
  const paths = windowPaths(options.mainDir, env, options.dev ?? false);
  const trusted = (url: string): boolean => isTrustedUrl(url, paths);
  // Before any window: our page is served on the app scheme, and no page gets a permission.
  if (!paths.devServerUrl) serveRenderer(paths.rendererDir);
  lockDownPermissions(session.defaultSession, trusted);
  const hookInstall = options.hookInstall;
  if (hookInstall) {
    // Agents' hooks run the launcher: point it at this install (an AppImage moves every launch).
    writeHookLauncher(env, hookInstall).catch((error: unknown) =>
      warn(`loopwatch: could not write the hook launcher: ${(error as Error).message}`),
    );
  }
  const trayDir = join(options.mainDir, '..', '..', 'assets', 'tray');
  /** The pty host utility process's entry (a build input of its own, electron.vite.config.ts). */
  const ptyHostEntry = join(options.mainDir, 'ptyHost.js');
  const disposers: (() => void | Promise<void>)[] = [];
  let dashboard: BrowserWindow | null = null;
  let shutdownDone: Promise<void> | null = null;

  const shutdown = (): Promise<void> => {
    shutdownDone ??= (async () => {
      for (const dispose of disposers.splice(0).reverse()) {
        try {
          await dispose();
        } catch (error) {
          warn(`loopwatch: while shutting down: ${(error as Error).message}`);
        }
      }
    })();
    return shutdownDone;
  };

  const showDashboard = (): void => {
    if (shutdownDone) return;
    if (!dashboard || dashboard.isDestroyed()) {
      const window = createDashboardWindow(paths);
      dashboard = window;
      window.on('closed', () => {
        if (dashboard === window) dashboard = null;
      });
      return;
    }
    if (dashboard.isMinimized()) dashboard.restore();
    dashboard.show();
    dashboard.focus();
  };

  disposers.push(() => supervisor.dispose());
  let publishToPage: <K extends EventName>(name: K, payload: EventPayload<K>) => void = () => {};
  const openTerminal = (sessionId: string): void =>
    publishToPage('terminalRequested', { sessionId, mode: 'watch' });
  const onNotificationClick = (notification: LoopwatchNotification): void => {
    if (notification.sessionId) openTerminal(notification.sessionId);
    else showDashboard();
  };
  const notifier = createNativeNotifier(onNotificationClick);
  disposers.push(() => notifier.dispose());
  // Terminals run in a utility process; main only resolves sessions and passes ports.
  const terminals = createPtyHostBridge(ptyHostEntry);
  disposers.push(() => terminals.dispose());
  const core = createAppCore({
    supervisor,
    settings,
    handlers: {
      openTerminal: createOpenTerminal({
        sessions: () => supervisor.sessions(),
        host: terminals,
        shell: env.SHELL,
        route: (name) => supervisor.hostConnection(name)?.route() ?? null,
      }),
    },
    backendOptions: { env, ...(hookInstall ? { hookInstall: () => hookInstall } : {}) },
    deliver: (notification) => notifier.show(notification),
    windowFocused: () => BrowserWindow.getFocusedWindow() !== null,
    setStartAtLogin: (enabled) => setStartAtLogin(enabled, platform, env, warn),
  });
  disposers.push(() => core.dispose());

  // Show the dashboard, then tell its page once the page is there to listen.
  publishToPage = (name, payload) => {
    showDashboard();
    const contents = dashboard?.webContents;
    if (!contents) return;
    const send = (): void => core.backend.publish(name, payload);
    if (contents.isLoading()) contents.once('did-finish-load', send);
    else send();
  };

  const pause = (choice: PauseChoice | null): void => {
    core.backend.dispatch('pauseNotifications', { choice }).catch((error: unknown) => {
      warn(`loopwatch: ${(error as Error).message}`);
    });
  };
  const onTrayAction = (action: TrayAction): void => {
    switch (action.type) {
      case 'openDashboard':
        return showDashboard();
      case 'openSession':
        return openTerminal(action.sessionId);
      case 'pause':
        return pause(action.until);
      case 'resume':
        return pause(null);
      case 'cleanup':
        return publishToPage('viewRequested', { view: 'cleanup' });
      case 'settings':
        return publishToPage('viewRequested', { view: 'settings' });
      case 'quit':
        return options.quit();
    }
  };

  try {
    await supervisor.start();
    const senders = {
      isTrustedUrl: trusted,
      trustedContents: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    };
    disposers.push(bindIpc({ backend: core.backend, ...senders }));
    disposers.push(bindTerminalPorts({ bridge: terminals, ...senders }));
    nativeTheme.themeSource = settings.get().theme;
    showInDock(platform, settings.get().showInDock);
    const tray = createTrayController({
      trayDir,
      platform,
      model: () => buildTrayModel(supervisor.sessions(), settings.get(), Date.now()),
      onAction: onTrayAction,
    });
    disposers.push(() => tray.dispose());
    disposers.push(
      core.backend.subscribe('sessionsDelta', () => tray.update()),
      core.backend.subscribe('settingsChanged', (state) => {
        nativeTheme.themeSource = state.settings.theme;
        showInDock(platform, state.settings.showInDock);
        tray.update();
      }),
    );
    disposers.push(() => {
      if (dashboard && !dashboard.isDestroyed()) dashboard.destroy();
      dashboard = null;
    });
    showDashboard();
  } catch (error) {
    await shutdown();
    throw error;
  }

  return {
    showDashboard,
    openTerminal,
    track: (dispose) => {
      if (shutdownDone) void Promise.resolve(dispose());
      else disposers.push(dispose);
    },
    shutdown,
  };
}

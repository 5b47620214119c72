/**
 * The dashboard window: isolated, sandboxed, no Node in the page, served
 * from the app's own scheme (appProtocol.ts), never navigating away.
 */
import { app, BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { APP_PAGE } from './appProtocol';

export interface WindowPaths {
  preload: string;
  /** The renderer build, served on the app scheme. */
  rendererDir: string;
  /** electron-vite's dev server URL in `npm run dev`; null in every other build. */
  devServerUrl: string | null;
}

/**
 * `ELECTRON_RENDERER_URL` is honoured only when `dev` (electron-vite's dev
 * mode, never a packaged app): elsewhere it would let whoever sets the
 * environment load any page into a window that has our preload.
 */
export function windowPaths(mainDir: string, env: NodeJS.ProcessEnv, dev: boolean): WindowPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
    devServerUrl: dev ? (env.ELECTRON_RENDERER_URL ?? null) : null,
  };
}

/** The page the window loads. */
export function pageUrl(paths: WindowPaths): string {
  return paths.devServerUrl ?? APP_PAGE;
}

/** Only our own page may talk to main, get a permission, or be navigated to. */
export function isTrustedUrl(url: string, paths: WindowPaths): boolean {
  const page = pageUrl(paths);
  if (paths.devServerUrl && url.startsWith(paths.devServerUrl)) return true;
  return url === page || url.startsWith(`${page}#`) || url.startsWith(`${page}?`);
}

/** The window's web preferences: every item of Electron's security checklist that is one. */
export function dashboardWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export function createDashboardWindow(paths: WindowPaths): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 400,
    show: false,
    title: 'Loopwatch',
    autoHideMenuBar: true,
    webPreferences: dashboardWebPreferences(paths.preload),
  });
  window.once('ready-to-show', () => window.show());
  // Links open in the user's browser; the window never navigates away.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, paths)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, paths)) event.preventDefault();
  });
  // No <webview> can be attached, whatever a page tries.
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void window.loadURL(pageUrl(paths));
  return window;
}

/**
 * Whatever web contents ever exist (a devtools page, a future window): no
 * new windows and no <webview> unless the code that made them says
 * otherwise (the dashboard sets its own window-open handler after this).
 */
export function guardEveryWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

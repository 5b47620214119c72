/** The dashboard window: isolated, sandboxed, no Node in the page. */
import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WindowPaths {
  preload: string;
  rendererHtml: string;
  /** electron-vite's dev server URL in `npm run dev`. */
  devServerUrl: string | undefined;
}

export function windowPaths(mainDir: string, env: NodeJS.ProcessEnv): WindowPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererHtml: join(mainDir, '..', 'renderer', 'index.html'),
    devServerUrl: env.ELECTRON_RENDERER_URL,
  };
}

/** Only our own page may talk to main. */
export function isTrustedUrl(url: string, paths: WindowPaths): boolean {
  if (paths.devServerUrl && url.startsWith(paths.devServerUrl)) return true;
  const page = pathToFileURL(paths.rendererHtml).href;
  return url === page || url.startsWith(`${page}#`) || url.startsWith(`${page}?`);
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
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
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
  if (paths.devServerUrl) void window.loadURL(paths.devServerUrl);
  else void window.loadFile(paths.rendererHtml);
  return window;
}

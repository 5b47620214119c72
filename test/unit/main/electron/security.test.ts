/**
 * The Electron security checklist, as far as it is configuration: the
 * window's web preferences, navigation and new-window rules, the app
 * scheme (no file://), permission handlers, ELECTRON_RENDERER_URL only in
 * dev builds, and nothing that runs Electron as Node.
 */
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const {
  createDashboardWindow,
  dashboardWebPreferences,
  guardEveryWebContents,
  isTrustedUrl,
  windowPaths,
} = await import('../../../../main/electron/window');
const { APP_PAGE, APP_SCHEME, registerAppScheme, rendererFileFor, serveRenderer } =
  await import('../../../../main/electron/appProtocol');
const { lockDownPermissions } = await import('../../../../main/electron/permissions');

const REPO = join(import.meta.dirname, '..', '..', '..', '..');

beforeEach(() => electron.reset());

describe('the dashboard window', () => {
  const paths = windowPaths('/app/out/main', {}, false);

  it('has every security-relevant web preference set, and loads the app scheme', () => {
    createDashboardWindow(paths);
    const window = electron.BrowserWindow.instances[0]!;
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
    });
    expect(dashboardWebPreferences('/p')).not.toHaveProperty('enableBlinkFeatures');
    expect(window.loadURL).toHaveBeenCalledWith('loopwatch://app/index.html');
    expect(window.loadFile).not.toHaveBeenCalled();
  });

  it('never navigates away, opens no window, attaches no webview', () => {
    createDashboardWindow(paths);
    const contents = electron.BrowserWindow.instances[0]!.webContents;
    const navigate = contents.listeners('will-navigate')[0] as (e: unknown, url: string) => void;
    const redirect = contents.listeners('will-redirect')[0] as (e: unknown, url: string) => void;
    for (const [handler, url, blocked] of [
      [navigate, 'https://evil.example/', true],
      [navigate, 'file:///etc/passwd', true],
      [navigate, 'loopwatch://other/index.html', true],
      [navigate, `${APP_PAGE}#settings`, false],
      [redirect, 'https://evil.example/', true],
    ] as const) {
      const event = { preventDefault: vi.fn() };
      handler(event, url);
      expect(event.preventDefault.mock.calls.length > 0, url).toBe(blocked);
    }
    const webview = { preventDefault: vi.fn() };
    (contents.listeners('will-attach-webview')[0] as (e: unknown) => void)(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const open = contents.setWindowOpenHandler.mock.lastCall![0] as (d: { url: string }) => unknown;
    expect(open({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/');
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('any other web contents gets no new window and no webview either', () => {
    guardEveryWebContents();
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    electron.app.emit('web-contents-created', {}, contents);
    const open = contents.setWindowOpenHandler.mock.lastCall![0] as () => unknown;
    expect(open()).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('honours ELECTRON_RENDERER_URL only in a dev build', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://evil.example:5173' };
    expect(windowPaths('/app/out/main', env, false).devServerUrl).toBeNull();
    const dev = windowPaths('/app/out/main', env, true);
    expect(dev.devServerUrl).toBe('http://evil.example:5173');
    createDashboardWindow(windowPaths('/app/out/main', env, false));
    expect(electron.BrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith(APP_PAGE);
  });

  it('trusts only our own page (no file:// page, no other host of the scheme)', () => {
    expect(isTrustedUrl(APP_PAGE, paths)).toBe(true);
    expect(isTrustedUrl(`${APP_PAGE}?x=1`, paths)).toBe(true);
    expect(isTrustedUrl('file:///app/out/renderer/index.html', paths)).toBe(false);
    expect(isTrustedUrl('loopwatch://app/other.html', paths)).toBe(false);
    expect(isTrustedUrl('loopwatch://evil/index.html', paths)).toBe(false);
  });

  it('the built main never sets a dev flag in a production build', async () => {
    // electron.vite.config.ts defines the flag from the command: only `serve` (dev) is true.
    const config = await readFile(join(REPO, 'electron.vite.config.ts'), 'utf8');
    expect(config).toContain("__LOOPWATCH_DEV_BUILD__: JSON.stringify(command === 'serve')");
    const index = await readFile(join(REPO, 'main', 'electron', 'index.ts'), 'utf8');
    expect(index).toContain('dev: __LOOPWATCH_DEV_BUILD__ && !app.isPackaged');
  });
});

describe('the app scheme', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-scheme-'));
    await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(dir, 'renderer', 'assets', 'a.js'), 'export {};');
    await writeFile(join(dir, 'secret.txt'), 'not for the page');
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('is registered privileged as a standard, secure scheme, without bypassing CSP', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'loopwatch',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          bypassCSP: false,
          corsEnabled: false,
          allowServiceWorkers: false,
          stream: false,
        },
      },
    ]);
  });

  it('serves the renderer build, with content types, and nothing outside it', async () => {
    serveRenderer(join(dir, 'renderer'));
    const handler = electron.protocol.handlers.get(APP_SCHEME)!;
    const page = await handler(new Request(APP_PAGE));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>x</title>');
    const script = await handler(new Request('loopwatch://app/assets/a.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const url of [
      'loopwatch://app/../secret.txt',
      'loopwatch://app/%2e%2e/secret.txt',
      'loopwatch://app/assets/%2e%2e%2f..%2fsecret.txt',
      'loopwatch://other/index.html',
      'loopwatch://app/missing.js',
    ]) {
      expect((await handler(new Request(url))).status, url).toBe(404);
    }
  });

  it('maps URLs to files inside the folder only', () => {
    const root = join(dir, 'renderer');
    expect(rendererFileFor(root, 'loopwatch://app/')).toBe(join(root, 'index.html'));
    expect(rendererFileFor(root, 'loopwatch://app/%2e%2e%2fsecret.txt')).toBeNull();
    expect(rendererFileFor(root, 'loopwatch://app/a%00b')).toBeNull();
    expect(rendererFileFor(root, 'file:///etc/passwd')).toBeNull();
  });
});

describe('permissions', () => {
  const trusted = (url: string): boolean => url === APP_PAGE;

  function handlers() {
    const ses = electron.session.defaultSession;
    lockDownPermissions(ses as unknown as Electron.Session, trusted);
    const request = ses.setPermissionRequestHandler.mock.lastCall![0] as (
      contents: { getURL: () => string },
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    const check = ses.setPermissionCheckHandler.mock.lastCall![0] as (
      contents: { getURL: () => string } | null,
      permission: string,
    ) => boolean;
    const device = ses.setDevicePermissionHandler.mock.lastCall![0] as () => boolean;
    return { request, check, device };
  }

  it('denies every request and check, from any page', () => {
    const { request, check, device } = handlers();
    const ours = { getURL: () => APP_PAGE };
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'openExternal',
      'fullscreen',
      'clipboard-read',
      'display-capture',
      'hid',
    ]) {
      const callback = vi.fn();
      request(ours, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(check(ours, permission), permission).toBe(false);
    }
    expect(device()).toBe(false);
  });

  it('lets only our own page write to the clipboard (Copy buttons)', () => {
    const { request, check } = handlers();
    const callback = vi.fn();
    request({ getURL: () => APP_PAGE }, 'clipboard-sanitized-write', callback);
    expect(callback).toHaveBeenCalledWith(true);
    const other = vi.fn();
    request({ getURL: () => 'https://evil.example/' }, 'clipboard-sanitized-write', other);
    expect(other).toHaveBeenCalledWith(false);
    expect(check(null, 'clipboard-sanitized-write')).toBe(false);
  });

  it('the shell installs them on the default session at start', async () => {
    const { FakeSupervisor } = await import('../../../helpers/fakeSupervisor');
    const { openJsonSettings } = await import('../../../../main/shell/settings/settingsStore');
    const { startShell } = await import('../../../../main/electron/shell');
    const dir = await mkdtemp(join(tmpdir(), 'lw-shell-perm-'));
    try {
      const shell = await startShell({
        env: {},
        platform: 'linux',
        mainDir: '/app/out/main',
        supervisor: new FakeSupervisor().asSupervisor(),
        settings: await openJsonSettings(join(dir, 'settings.json'), vi.fn()),
        quit: vi.fn(),
        warn: vi.fn(),
      });
      expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
      expect(electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
      expect(electron.protocol.handle).toHaveBeenCalledWith('loopwatch', expect.any(Function));
      await shell.shutdown();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the page itself', () => {
  it('declares a Content-Security-Policy that allows only its own scripts', async () => {
    const html = await readFile(join(REPO, 'renderer', 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it('the preload exposes only the Loopwatch API objects, never ipcRenderer', async () => {
    const preload = await readFile(join(REPO, 'preload', 'index.ts'), 'utf8');
    const exposed = [...preload.matchAll(/exposeInMainWorld\('([^']+)',\s*([^)]+\))/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(exposed).toEqual([
      ['loopwatch', 'buildApi()'],
      ['loopwatchTerminalPorts', 'buildTerminalPortBridge()'],
    ]);
  });
});

describe('nothing runs Electron as Node', () => {
  async function sources(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) out.push(...(await sources(path)));
      else if (/\.(ts|js|mjs)$/.test(entry.name)) out.push(path);
    }
    return out;
  }

  it('no source sets ELECTRON_RUN_AS_NODE or re-runs process.execPath as a script runner', async () => {
    const offenders: string[] = [];
    for (const file of [
      ...(await sources(join(REPO, 'main'))),
      join(REPO, 'bin', 'loopwatch.js'),
    ]) {
      const text = await readFile(file, 'utf8');
      if (/ELECTRON_RUN_AS_NODE|process\.execPath,\s*['"]-e['"]/.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

/**
 * A stand-in for the 'electron' module in unit tests of main/electron:
 * `vi.mock('electron', () => import('../../../helpers/electronMock'))`.
 * Every class records its instances and calls; `reset()` clears them.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeImage {
  source: { path?: string; buffer?: Buffer; scaleFactor?: number };
  setTemplateImage: ReturnType<typeof vi.fn>;
  addRepresentation: ReturnType<typeof vi.fn>;
}

function fakeImage(source: FakeImage['source']): FakeImage {
  return { source, setTemplateImage: vi.fn(), addRepresentation: vi.fn() };
}

export const nativeImage = {
  createFromPath: vi.fn((path: string) => fakeImage({ path })),
  createFromBuffer: vi.fn((buffer: Buffer, options?: { scaleFactor?: number }) =>
    fakeImage({ buffer, scaleFactor: options?.scaleFactor }),
  ),
};

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  readonly setImage = vi.fn();
  readonly setToolTip = vi.fn();
  readonly setTitle = vi.fn();
  readonly setContextMenu = vi.fn();
  readonly destroy = vi.fn();
  constructor(readonly image: FakeImage) {
    super();
    Tray.instances.push(this);
  }
}

export interface FakeMenu {
  template: MenuTemplateItem[];
}
export interface MenuTemplateItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}
export const Menu = {
  buildFromTemplate: vi.fn((template: MenuTemplateItem[]): FakeMenu => ({ template })),
};

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static isSupported = vi.fn(() => true);
  readonly show = vi.fn();
  readonly close = vi.fn(() => this.emit('close'));
  constructor(readonly options: Record<string, unknown>) {
    super();
    Notification.instances.push(this);
  }
}

class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly send = vi.fn();
  readonly isLoading = vi.fn(() => false);
  readonly isDestroyed = vi.fn(() => false);
  readonly setWindowOpenHandler = vi.fn();
  readonly getURL = vi.fn(() => '');
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows = vi.fn(() => BrowserWindow.instances.filter((w) => !w.destroyed));
  static getFocusedWindow = vi.fn((): BrowserWindow | null => null);
  readonly webContents = new FakeWebContents();
  destroyed = false;
  readonly loadFile = vi.fn(() => Promise.resolve());
  readonly loadURL = vi.fn(() => Promise.resolve());
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  readonly isDestroyed = vi.fn(() => this.destroyed);
  readonly destroy = vi.fn(() => {
    this.destroyed = true;
    this.emit('closed');
  });
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
}

class FakeApp extends EventEmitter {
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly whenReady = vi.fn(() => Promise.resolve());
  readonly getPath = vi.fn((_name: string) => '/tmp/loopwatch-user-data');
  readonly getVersion = vi.fn(() => '0.0.0-test');
  readonly getAppPath = vi.fn(() => '/app');
  readonly setLoginItemSettings = vi.fn();
  readonly dock = { show: vi.fn(() => Promise.resolve()), hide: vi.fn() };
  isPackaged = false;
}
export const app = new FakeApp();

export const ipcMain = {
  handle: vi.fn(),
  removeHandler: vi.fn(),
  on: vi.fn(),
};

export const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };

export const shell = { openExternal: vi.fn(), openPath: vi.fn() };

type ProtocolHandler = (request: Request) => Promise<Response> | Response;
export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handlers: new Map<string, ProtocolHandler>(),
  handle: vi.fn((scheme: string, handler: ProtocolHandler) => {
    protocol.handlers.set(scheme, handler);
  }),
  unhandle: vi.fn((scheme: string) => protocol.handlers.delete(scheme)),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  },
};

/** Forget every instance and call (between tests). */
export function reset(): void {
  Tray.instances = [];
  Notification.instances = [];
  BrowserWindow.instances = [];
  app.removeAllListeners();
  nativeTheme.themeSource = 'system';
  protocol.handlers.clear();
  vi.clearAllMocks();
}

export default {
  app,
  ipcMain,
  shell,
  protocol,
  session,
  nativeImage,
  nativeTheme,
  Tray,
  Menu,
  Notification,
  BrowserWindow,
};

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const { createTrayController, TRAY_REDRAW_DEBOUNCE_MS } =
  await import('../../../../main/electron/trayController');
const { buildTrayModel } = await import('../../../../main/shell/trayModel');
const { DEFAULT_SETTINGS } = await import('../../../../preload/contract');
const { sampleSession } = await import('../../../helpers/samples');
const { decodePng } = await import('../../../helpers/pngDecode');

import type { Session, Settings } from '../../../../preload/contract';
import type { TrayAction } from '../../../../main/shell/trayModel';
import type { MenuTemplateItem } from '../../../helpers/electronMock';

const TRAY_DIR = '/app/assets/tray';
let sessions: Session[];
let settings: Settings;
let actions: TrayAction[];

function controller(platform: NodeJS.Platform) {
  return createTrayController({
    trayDir: TRAY_DIR,
    platform,
    model: () => buildTrayModel(sessions, settings, Date.now()),
    onAction: (action) => actions.push(action),
  });
}

function session(name: string, status: Session['status']): Session {
  return sampleSession({ id: `id:${name}`, name, displayName: name, status });
}

function lastMenu(tray: InstanceType<typeof electron.Tray>): MenuTemplateItem[] {
  const menu = tray.setContextMenu.mock.lastCall![0] as { template: MenuTemplateItem[] };
  return menu.template;
}

function find(items: MenuTemplateItem[], label: string): MenuTemplateItem {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = item.submenu && find(item.submenu, label);
    if (inner) return inner;
  }
  return undefined as never;
}

beforeEach(() => {
  electron.reset();
  vi.useFakeTimers({ now: new Date(2026, 10, 21, 14, 5) });
  sessions = [session('a', 'working')];
  settings = { ...DEFAULT_SETTINGS };
  actions = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('tray controller', () => {
  it('draws the model at once: icon, tooltip, menu', () => {
    const tray = controller('linux');
    const [instance] = electron.Tray.instances;
    expect(instance!.image.source.path).toBe(`${TRAY_DIR}/working-22.png`);
    expect(instance!.setToolTip).toHaveBeenCalledWith('Loopwatch: 1 working');
    expect(instance!.setTitle).not.toHaveBeenCalled(); // Linux shows no title.
    expect(lastMenu(instance!).map((i) => i.label ?? i.type)).toContain('Open dashboard');
    tray.dispose();
  });

  it('redraws a burst of changes once, after the debounce, and only what changed', () => {
    const tray = controller('linux');
    const [instance] = electron.Tray.instances;
    instance!.setContextMenu.mockClear();
    instance!.setToolTip.mockClear();
    for (let i = 0; i < 20; i++) {
      sessions = [...sessions, session(`s${i}`, i === 19 ? 'waiting' : 'working')];
      tray.update();
    }
    expect(instance!.setImage).not.toHaveBeenCalled();
    vi.advanceTimersByTime(TRAY_REDRAW_DEBOUNCE_MS);
    expect(instance!.setImage).toHaveBeenCalledTimes(1);
    expect(instance!.setToolTip).toHaveBeenCalledTimes(1);
    expect(instance!.setToolTip).toHaveBeenCalledWith('Loopwatch: 20 working · 1 waiting');
    expect(instance!.setContextMenu).toHaveBeenCalledTimes(1);
    // Nothing changed: nothing is set again.
    tray.update();
    vi.advanceTimersByTime(TRAY_REDRAW_DEBOUNCE_MS);
    expect(instance!.setImage).toHaveBeenCalledTimes(1);
    expect(instance!.setContextMenu).toHaveBeenCalledTimes(1);
    tray.dispose();
  });

  it('draws the count into the icon on Linux, at 22 px and 44 px for HiDPI', () => {
    sessions = [session('a', 'crashed'), session('b', 'waiting')];
    const tray = controller('linux');
    const image = electron.Tray.instances[0]!.image;
    expect(image.source.scaleFactor).toBe(1);
    expect(decodePng(image.source.buffer!).width).toBe(22);
    const [representation] = image.addRepresentation.mock.calls[0]! as [
      { scaleFactor: number; buffer: Buffer },
    ];
    expect(representation.scaleFactor).toBe(2);
    expect(decodePng(representation.buffer).width).toBe(44);
    tray.dispose();
  });

  it('uses 16 px icons on Windows', () => {
    const tray = controller('win32');
    expect(electron.Tray.instances[0]!.image.source.path).toBe(`${TRAY_DIR}/working-16.png`);
    tray.dispose();
  });

  it('uses template images and puts the count in the title on macOS', () => {
    sessions = [session('a', 'waiting'), session('b', 'waiting')];
    const tray = controller('darwin');
    const [instance] = electron.Tray.instances;
    expect(instance!.image.source.path).toBe(`${TRAY_DIR}/waitingTemplate.png`);
    expect(instance!.image.setTemplateImage).toHaveBeenCalledWith(true);
    expect(instance!.setTitle).toHaveBeenCalledWith('2');
    sessions = [session('a', 'working')];
    tray.update();
    vi.advanceTimersByTime(TRAY_REDRAW_DEBOUNCE_MS);
    expect(instance!.setTitle).toHaveBeenLastCalledWith('');
    tray.dispose();
  });

  it('turns menu clicks into actions; click and double-click open the dashboard', () => {
    sessions = [session('R&D agent', 'waiting')];
    const tray = controller('linux');
    const [instance] = electron.Tray.instances;
    const menu = lastMenu(instance!);
    // `&` would be a mnemonic on Linux and Windows: it is doubled to show literally.
    find(menu, 'R&&D agent — output in the last few seconds').click!();
    find(menu, 'For 1 hour').click!();
    find(menu, 'Settings…').click!();
    find(menu, 'Quit Loopwatch').click!();
    instance!.emit('click');
    instance!.emit('double-click');
    expect(actions).toEqual([
      { type: 'openSession', sessionId: 'id:R&D agent' },
      { type: 'pause', until: 'oneHour' },
      { type: 'settings' },
      { type: 'quit' },
      { type: 'openDashboard' },
      { type: 'openDashboard' },
    ]);
    expect(find(menu, 'Needs you (1)').enabled).toBe(false);
    tray.dispose();
  });

  it('redraws by itself when a pause ends', () => {
    settings = { ...settings, pausedUntil: new Date(Date.now() + 60_000).toISOString() };
    const tray = controller('linux');
    const [instance] = electron.Tray.instances;
    expect(find(lastMenu(instance!), 'Resume notifications')).toBeDefined();
    vi.advanceTimersByTime(60_000);
    expect(find(lastMenu(instance!), 'Pause notifications')).toBeDefined();
    tray.dispose();
  });

  it('destroys the tray and leaves no timer when disposed', () => {
    settings = { ...settings, pausedUntil: new Date(Date.now() + 60_000).toISOString() };
    const tray = controller('linux');
    tray.update();
    tray.dispose();
    expect(electron.Tray.instances[0]!.destroy).toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});

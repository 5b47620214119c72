/**
 * Maps the tray model (main/shell/trayModel.ts) onto Electron's `Tray`:
 * image, tooltip, title (macOS shows it beside the icon), context menu.
 * Redraws are debounced, so a burst of session changes redraws once, and
 * only what changed is set again. Click and double-click open the dashboard
 * where the platform reports them; on Linux the menu carries everything.
 */
import { Menu, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem, TrayModel } from '../shell/trayModel';
import { trayImage, trayImageKey } from './trayImages';

/** A burst of deltas (a server's sessions changing together) redraws once, still within a glance. */
export const TRAY_REDRAW_DEBOUNCE_MS = 150;
/** setTimeout's ceiling: a longer pause re-checks at this interval. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TrayControllerOptions {
  /** assets/tray */
  trayDir: string;
  platform: NodeJS.Platform;
  /** The model as of now. */
  model: () => TrayModel;
  onAction: (action: TrayAction) => void;
}

export interface TrayController {
  /** Something changed: redraw soon (debounced). */
  update(): void;
  dispose(): void;
}

/** On Windows and Linux `&` marks a mnemonic: session names show it literally. */
function menuLabel(label: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? label : label.replace(/&/g, '&&');
}

export function menuTemplate(
  items: readonly TrayMenuItem[],
  platform: NodeJS.Platform,
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'header':
        return { label: menuLabel(item.label, platform), enabled: false };
      case 'action':
        return { label: menuLabel(item.label, platform), click: () => onAction(item.action) };
      case 'submenu':
        return {
          label: menuLabel(item.label, platform),
          submenu: menuTemplate(item.items, platform, onAction),
        };
    }
  });
}

export function createTrayController(options: TrayControllerOptions): TrayController {
  const { platform, trayDir, onAction } = options;
  let model = options.model();
  const tray = new Tray(trayImage(model.state, model.attention, platform, trayDir));
  let imageKey = trayImageKey(model.state, model.attention, platform);
  let tooltip = '';
  let title = '';
  let menuKey = '';
  let redrawTimer: NodeJS.Timeout | null = null;
  let pauseTimer: NodeJS.Timeout | null = null;
  let disposed = false;

  const openDashboard = (): void => onAction({ type: 'openDashboard' });
  // macOS and Windows report clicks; on macOS a click also opens the menu.
  tray.on('click', openDashboard);
  tray.on('double-click', openDashboard);

  const apply = (): void => {
    const key = trayImageKey(model.state, model.attention, platform);
    if (key !== imageKey) {
      imageKey = key;
      tray.setImage(trayImage(model.state, model.attention, platform, trayDir));
    }
    if (model.tooltip !== tooltip) {
      tooltip = model.tooltip;
      tray.setToolTip(tooltip);
    }
    if (platform === 'darwin' && model.title !== title) {
      title = model.title;
      tray.setTitle(title);
    }
    const nextMenuKey = JSON.stringify(model.menu);
    if (nextMenuKey !== menuKey) {
      menuKey = nextMenuKey;
      tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model.menu, platform, onAction)));
    }
    // The pause ends by itself: redraw then, so the menu offers "Pause" again.
    if (pauseTimer) clearTimeout(pauseTimer);
    pauseTimer = null;
    if (model.pausedUntil !== null) {
      const wait = Math.min(MAX_TIMER_MS, Math.max(0, model.pausedUntil - Date.now()));
      pauseTimer = setTimeout(redraw, wait);
    }
  };

  function redraw(): void {
    if (disposed) return;
    redrawTimer = null;
    model = options.model();
    apply();
  }

  apply();
  return {
    update() {
      if (disposed || redrawTimer) return;
      redrawTimer = setTimeout(redraw, TRAY_REDRAW_DEBOUNCE_MS);
    },
    dispose() {
      disposed = true;
      if (redrawTimer) clearTimeout(redrawTimer);
      if (pauseTimer) clearTimeout(pauseTimer);
      tray.destroy();
    },
  };
}

/** The tray icon: a placeholder that opens the dashboard (the full tray model is its own module). */
import { Menu, nativeImage, Tray } from 'electron';

export interface TrayActions {
  openDashboard: () => void;
  quit: () => void;
}

export function createTray(iconPath: string, actions: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Loopwatch');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open dashboard', click: actions.openDashboard },
      { type: 'separator' },
      { label: 'Quit Loopwatch', click: actions.quit },
    ]),
  );
  tray.on('click', actions.openDashboard);
  return tray;
}

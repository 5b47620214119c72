/**
 * Start at login: Electron's login items on macOS and Windows, an XDG
 * autostart entry on Linux (main/shell/autostart.ts).
 */
import { app } from 'electron';
import { autostartDir, setAutostart } from '../shell/autostart';

/** How to launch this app again: the AppImage, the packaged binary, or electron with the app folder. */
export function launchCommand(env: NodeJS.ProcessEnv): string[] {
  if (env.APPIMAGE) return [env.APPIMAGE];
  return app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
}

export async function setStartAtLogin(
  enabled: boolean,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): Promise<void> {
  if (platform === 'linux') {
    const { backup } = await setAutostart(autostartDir(env), enabled, launchCommand(env));
    if (backup)
      warn(`loopwatch: an autostart entry Loopwatch did not write was saved as ${backup}`);
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled });
}

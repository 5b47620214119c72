/**
 * The desktop app's settings: electron-store's `settings.json` in the app's
 * user-data folder. The file is checked by the shared loader first (a
 * corrupted one is moved aside to `settings.json.bak`, never overwritten),
 * then electron-store does the atomic writes.
 */
import ElectronStore from 'electron-store';
import { join } from 'node:path';
import { openSettingsStore, type SettingsStore } from '../shell/settings/settingsStore';

export const SETTINGS_NAME = 'settings';

export function openElectronSettings(
  userDataDir: string,
  warn: (message: string) => void,
): Promise<SettingsStore> {
  let store: ElectronStore | null = null;
  return openSettingsStore({
    file: join(userDataDir, `${SETTINGS_NAME}.json`),
    write: (data) => {
      // Opened on first save, after the loader has moved a bad file aside.
      store ??= new ElectronStore({
        name: SETTINGS_NAME,
        cwd: userDataDir,
        clearInvalidConfig: false,
      });
      store.store = data;
    },
    warn,
    startAtLoginSupported: true,
  });
}

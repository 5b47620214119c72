/**
 * The desktop app's entry: settings, the supervisor and the shell, under
 * the single-instance lifecycle. The only part of Loopwatch that imports
 * 'electron' (with the preload); everything it shows comes from main/core.
 *
 * `--loopwatch-hook ARGS`: the hook launcher's last resort when no Node is
 * installed: deliver one hook event and exit, before any window or lock.
 */
import { app } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostsFromSettings } from '../core/hosts/hostsFromSettings';
import { Supervisor } from '../core/supervisor';
import { runHook } from '../hook';
import { registerAppScheme } from './appProtocol';
import { electronHookInstall } from './hookInstall';
import { runApp } from './lifecycle';
import { openElectronSettings } from './settingsStore';
import { startShell } from './shell';
import { guardEveryWebContents } from './window';

/** The flag the hook launcher passes when it has to run the app itself. */
const HOOK_FLAG = '--loopwatch-hook';

const mainDir = dirname(fileURLToPath(import.meta.url));
const warn = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

const hookAt = process.argv.indexOf(HOOK_FLAG);
if (hookAt !== -1) {
  void runHook(process.argv.slice(hookAt + 1), process.env, process.stdin).finally(() =>
    app.exit(0),
  );
} else {
  // Schemes are registered before the app is ready; the shell serves the page on it.
  registerAppScheme();
  guardEveryWebContents();
  runApp(
    async () => {
      const settings = await openElectronSettings(app.getPath('userData'), warn);
      return startShell({
        env: process.env,
        platform: process.platform,
        mainDir,
        // The remote hosts in the settings (issue 17); a change to them applies at the next start.
        supervisor: new Supervisor({ env: process.env, hosts: hostsFromSettings(settings.get()) }),
        settings,
        quit: () => app.quit(),
        warn,
        // Defined by electron.vite.config.ts: true only under `electron-vite dev`.
        dev: __LOOPWATCH_DEV_BUILD__ && !app.isPackaged,
        hookInstall: electronHookInstall(mainDir, process.env),
      });
    },
    (error) => warn(`loopwatch: could not start: ${error.message}`),
  );
}

/**
 * The desktop app's entry: settings, the supervisor and the shell, under
 * the single-instance lifecycle. The only part of Loopwatch that imports
 * 'electron' (with the preload); everything it shows comes from main/core.
 */
import { app } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supervisor } from '../core/supervisor';
import { runApp } from './lifecycle';
import { openElectronSettings } from './settingsStore';
import { startShell } from './shell';

const mainDir = dirname(fileURLToPath(import.meta.url));
const warn = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

runApp(
  async () =>
    startShell({
      env: process.env,
      platform: process.platform,
      mainDir,
      supervisor: new Supervisor({ env: process.env }),
      settings: await openElectronSettings(app.getPath('userData'), warn),
      quit: () => app.quit(),
      warn,
    }),
  (error) => warn(`loopwatch: could not start: ${error.message}`),
);

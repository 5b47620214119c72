/**
 * The desktop app, launched for real with Playwright's `_electron`: the
 * window opens on the dashboard and lists a sandbox session, then the app
 * quits cleanly. Needs the Electron binary, which `npm install` downloads on
 * a user's machine; where it is missing (installed with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1, as in CI here) the test is skipped and
 * says why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT } from '../helpers/serveProcess';

/**
 * The Electron binary's path, or why there is none. Read from the package's
 * files, not by loading it: since Electron 45, loading the package downloads
 * a missing binary (a network fetch a test must not make).
 */
function electronBinary(): { path: string } | { missing: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile))
    return { missing: `${pathFile} is missing: the binary was not downloaded` };
  const path = join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(path) ? { path } : { missing: `${path} does not exist` };
}

const binary = electronBinary();
const MAIN_ENTRY = join(REPO_ROOT, 'out', 'main', 'index.js');

let sandbox: Sandbox | null = null;

test.afterAll(async () => {
  await sandbox?.cleanup();
});

test('the desktop app opens its dashboard, lists the sessions, and quits cleanly', async () => {
  if ('missing' in binary) {
    const why =
      `skipped: no Electron binary, so the desktop app cannot be launched here ` +
      `(${binary.missing.split('\n')[0]}). Install without ELECTRON_SKIP_BINARY_DOWNLOAD to run it.`;
    // The reporters do not print skip reasons: say it on the run's output too.
    console.log(`electron.spec.ts: ${why}`);
    test.skip(true, why);
    return;
  }
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'desktop-smoke']);
  const app = await electron.launch({
    executablePath: binary.path,
    args: [MAIN_ENTRY, '--no-sandbox'],
    env: { ...sandbox.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  try {
    const window = await app.firstWindow();
    const table = window.getByRole('table', { name: 'Sessions' });
    await expect(table.getByRole('row', { name: 'desktop-smoke', exact: true })).toBeVisible();
    await expect(window).toHaveTitle(/Loopwatch/);
  } finally {
    await app.close();
  }
});

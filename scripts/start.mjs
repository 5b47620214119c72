#!/usr/bin/env node
// `npm start`: launch the desktop app; where Electron cannot start (no binary
// downloaded, no display), say why in one line and serve the dashboard in a
// browser instead (`loopwatch serve`), which prints its URL.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Why Electron cannot start here, or null when it can. */
function whyNoElectron() {
  let binary;
  try {
    binary = require('electron');
  } catch (error) {
    return `the Electron binary is not installed (${String(error.message).split('\n')[0]})`;
  }
  if (typeof binary !== 'string' || !existsSync(binary)) {
    return 'the Electron binary is not installed (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD?)';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  }
  return null;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const reason = whyNoElectron();
if (reason === null) {
  run(require('electron'), [root, ...process.argv.slice(2)]);
} else {
  process.stderr.write(
    `Loopwatch: not starting the desktop app because ${reason}; serving the dashboard instead.\n`,
  );
  run(process.execPath, [join(root, 'bin', 'loopwatch.js'), 'serve', ...process.argv.slice(2)]);
}

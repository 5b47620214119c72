/**
 * Where this install's hook is when Loopwatch runs under Node (the CLI,
 * `serve`): `out/hook/loopwatch-hook.mjs` beside `bin/loopwatch.js`, run
 * by the Node running now. The Electron app says the same of itself in
 * main/electron/hookInstall.ts. Either one feeds writeHookLauncher.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HookInstall } from './hookLauncher';

/** How far up from this module bin/loopwatch.js may be (source tree, out/main, out/main/chunks). */
const MAX_LEVELS_UP = 5;

export function locateCliScript(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const candidate = join(dir, 'bin', 'loopwatch.js');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  const running = process.argv[1];
  return running && basename(running) === 'loopwatch.js' ? running : null;
}

/** The standalone hook of the install that holds `bin/loopwatch.js`. */
export function hookBundleOf(cliScript: string): string {
  return join(dirname(dirname(cliScript)), 'out', 'hook', 'loopwatch-hook.mjs');
}

export function nodeHookInstall(): HookInstall {
  const script = locateCliScript();
  if (!script) throw new Error('cannot find bin/loopwatch.js of this Loopwatch install');
  const bundle = hookBundleOf(script);
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run \`npm run build\` in the Loopwatch folder first`);
  }
  return { bundle, node: process.versions.electron ? null : process.execPath, app: null };
}

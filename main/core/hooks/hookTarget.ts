/**
 * What a hook entry runs: this Loopwatch's `bin/loopwatch.js` under the
 * Node that runs it now (absolute paths, so the hook works from any
 * directory and whatever PATH Claude has). Inside Electron, the binary is
 * Electron itself, told to behave as Node.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HookTarget {
  /** The program: node (or Electron with ELECTRON_RUN_AS_NODE=1). */
  node: string;
  /** bin/loopwatch.js of this install. */
  script: string;
  electronAsNode: boolean;
}

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

export function currentHookTarget(): HookTarget {
  const script = locateCliScript();
  if (!script) throw new Error('cannot find bin/loopwatch.js of this Loopwatch install');
  return { node: process.execPath, script, electronAsNode: Boolean(process.versions.electron) };
}

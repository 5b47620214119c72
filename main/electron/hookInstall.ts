/**
 * Where the desktop app's hook is, for the hook launcher
 * (core/hooks/hookLauncher.ts): the standalone hook in its build (inside
 * app.asar when packaged; the launcher keeps a copy outside), and the
 * app binary as the last resort (`--loopwatch-hook`): an AppImage's own
 * file ($APPIMAGE), which stays put while its mount path changes.
 */
import { app } from 'electron';
import { join } from 'node:path';
import type { HookInstall } from '../core/hooks/hookLauncher';

export function electronHookInstall(mainDir: string, env: NodeJS.ProcessEnv): HookInstall {
  return {
    bundle: join(mainDir, '..', 'hook', 'loopwatch-hook.mjs'),
    // Electron is not Node here: the RunAsNode fuse is off in packaged builds.
    node: null,
    app: app.isPackaged ? env.APPIMAGE || process.execPath : null,
  };
}

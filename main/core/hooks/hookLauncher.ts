/**
 * The hook launcher: the one stable program agents' hooks run
 * (`${XDG_DATA_HOME:-~/.local/share}/loopwatch/bin/loopwatch-hook`), a small
 * POSIX sh script that Loopwatch rewrites whenever it starts or installs
 * hooks, so it always follows the current install, whether that is an npm
 * checkout, a deb, or an AppImage whose mount path changes on every launch.
 *
 * It runs a copy of the standalone hook (out/hook/loopwatch-hook.mjs, Node
 * builtins only) kept beside it, with the Node that wrote it, else `node`
 * from PATH, else the app itself (`--loopwatch-hook`, slower: a whole
 * Electron start). Never Electron as Node: that needs the RunAsNode fuse,
 * which packaged builds turn off. Every path ends in exit 0: an agent's
 * hook must never fail or wait.
 */
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homeDir, type Env } from '../paths';
import { shellQuote } from '../shell/shellQuote';

/** The launcher and the copy of the hook: the user's own, readable and runnable by them. */
const LAUNCHER_MODE = 0o755;
const BUNDLE_MODE = 0o644;

/** What hook commands run: the launcher's path, the same for every install. */
export interface HookTarget {
  launcher: string;
}

/** Where this install keeps its hook, and what can run it. */
export interface HookInstall {
  /** This install's out/hook/loopwatch-hook.mjs (may be inside an asar archive: it is copied out). */
  bundle: string;
  /** A Node binary known to work (the one running the CLI); null inside Electron. */
  node: string | null;
  /** The app binary that takes `--loopwatch-hook` (packaged builds; an AppImage's own file). */
  app: string | null;
}

function loopwatchDataDir(env: Env): string {
  return join(env.XDG_DATA_HOME || join(homeDir(env), '.local', 'share'), 'loopwatch');
}

export function hookLauncherPath(env: Env): string {
  return join(loopwatchDataDir(env), 'bin', 'loopwatch-hook');
}

/** The copy of the standalone hook the launcher runs. */
export function hookBundleCopyPath(env: Env): string {
  return join(loopwatchDataDir(env), 'hook', 'loopwatch-hook.mjs');
}

export function hookTarget(env: Env): HookTarget {
  return { launcher: hookLauncherPath(env) };
}

/** The launcher's text: every path single-quoted, nothing taken from the event. */
export function launcherScript(bundleCopy: string, install: HookInstall): string {
  const node = install.node ? shellQuote(install.node) : "''";
  const app = install.app ? shellQuote(install.app) : "''";
  return `#!/bin/sh
# Loopwatch's hook launcher: agents' hooks run this on every event.
# Written by Loopwatch whenever it starts or installs hooks; edits are lost.
# It must return at once and never fail the agent: every path exits 0.
hook=${shellQuote(bundleCopy)}
node=${node}
app=${app}
if [ -f "$hook" ]; then
  if [ -n "$node" ] && [ -x "$node" ]; then exec "$node" "$hook" "$@"; fi
  if command -v node >/dev/null 2>&1; then exec node "$hook" "$@"; fi
fi
if [ -n "$app" ] && [ -x "$app" ]; then exec "$app" --loopwatch-hook "$@" >/dev/null 2>&1; fi
exit 0
`;
}

/** Write `text` to `path` by rename (never through a link someone placed there), with `mode`. */
async function replaceFile(path: string, text: string | Buffer, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await chmod(temp, mode);
  await rename(temp, path);
}

/**
 * Copy this install's hook out and (re)write the launcher pointing at it.
 * Returns the target hook commands run.
 */
export async function writeHookLauncher(env: Env, install: HookInstall): Promise<HookTarget> {
  const bundleCopy = hookBundleCopyPath(env);
  const launcher = hookLauncherPath(env);
  // readFile reads through Electron's asar support when the bundle is inside app.asar.
  await replaceFile(bundleCopy, await readFile(install.bundle), BUNDLE_MODE);
  await replaceFile(launcher, launcherScript(bundleCopy, install), LAUNCHER_MODE);
  return { launcher };
}

/**
 * The hook launcher agents' hooks run: written from an install, it runs a
 * copy of the standalone hook (built here from main/hookEntry.ts exactly
 * as `npm run build` does) with Node, and the event reaches a real
 * supervisor's hook socket, also after the install's own files are gone
 * (an AppImage unmounted). Without Node it falls back to the app binary
 * (`--loopwatch-hook`), and with neither it still exits 0 silently.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookCommand } from '../../../main/core/hooks/claudeSettings';
import {
  hookBundleCopyPath,
  hookLauncherPath,
  writeHookLauncher,
} from '../../../main/core/hooks/hookLauncher';
import type { HookMessage } from '../../../main/core/sources/hooks/hookEvent';
import { HookServer } from '../../../main/core/sources/hooks/hookServer';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..', '..');

/** Run a hook command the way Claude Code does: through `sh -c`, the event on stdin. */
function runAsClaude(
  command: string,
  env: NodeJS.ProcessEnv,
  stdin: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (error) => resolve({ code: null, out: error.message }));
    child.on('exit', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

describe('the hook launcher', () => {
  let sandbox: Sandbox;
  let install: string;
  let bundle: string;
  let server: HookServer;
  const got: HookMessage[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox();
    install = join(sandbox.root, 'install');
    await run(
      join(REPO, 'node_modules', '.bin', 'vite'),
      ['build', '-c', join(REPO, 'vite.hook.config.ts'), '--outDir', join(install, 'hook')],
      { cwd: REPO },
    );
    bundle = join(install, 'hook', 'loopwatch-hook.mjs');
    server = new HookServer(sandbox.env);
    server.on('message', (m) => got.push(m));
    await server.start();
    expect(server.error).toBeNull();
  }, 60_000);

  afterAll(async () => {
    await server.dispose();
    await sandbox.cleanup();
  });

  it('is written to the data dir, runnable, with a copy of the hook beside it', async () => {
    const target = await writeHookLauncher(sandbox.env, {
      bundle,
      node: process.execPath,
      app: null,
    });
    expect(target.launcher).toBe(
      join(sandbox.env.HOME!, '.local', 'share', 'loopwatch', 'bin', 'loopwatch-hook'),
    );
    expect((await stat(target.launcher)).mode & 0o777).toBe(0o755);
    expect(await readFile(hookBundleCopyPath(sandbox.env), 'utf8')).toBe(
      await readFile(bundle, 'utf8'),
    );
  });

  it('delivers a Claude event through `sh -c`, even once the install is gone', async () => {
    await writeHookLauncher(sandbox.env, { bundle, node: process.execPath, app: null });
    // The install disappears (an AppImage unmounted, a checkout moved): the copy still runs.
    await rm(install, { recursive: true, force: true });
    const command = hookCommand({ launcher: hookLauncherPath(sandbox.env) });
    const before = got.length;
    const result = await runAsClaude(
      command,
      sandbox.env,
      JSON.stringify({ hook_event_name: 'Stop', session_id: 's-1', cwd: '/x' }),
    );
    expect(result).toEqual({ code: 0, out: '' });
    await eventually(() => got.length > before, 'the event at the supervisor');
    expect(got.at(-1)).toMatchObject({ kind: 'claude', event: { hook_event_name: 'Stop' } });
  });

  it('without any Node it runs the app binary with --loopwatch-hook; with nothing, exits 0', async () => {
    const fakeApp = join(sandbox.root, 'Loopwatch.AppImage');
    const record = join(sandbox.root, 'app-args');
    await writeFile(fakeApp, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`, { mode: 0o755 });
    await mkdir(join(sandbox.root, 'install', 'hook'), { recursive: true });
    await writeFile(join(sandbox.root, 'install', 'hook', 'loopwatch-hook.mjs'), '');
    await writeHookLauncher(sandbox.env, {
      bundle: join(sandbox.root, 'install', 'hook', 'loopwatch-hook.mjs'),
      node: null,
      app: fakeApp,
    });
    // No node on PATH (the launcher needs only sh builtins).
    const noNode = { ...sandbox.env, PATH: '/usr/bin/nonexistent' };
    const launcher = hookLauncherPath(sandbox.env);
    const viaApp = await runAsClaude(`/bin/sh '${launcher}' --codex '{}'`, noNode, '');
    expect(viaApp.code).toBe(0);
    expect((await readFile(record, 'utf8')).split('\n')).toEqual([
      '--loopwatch-hook',
      '--codex',
      '{}',
      '',
    ]);
    await rm(fakeApp);
    const nothing = await runAsClaude(`/bin/sh '${launcher}'`, noNode, '{}');
    expect(nothing).toEqual({ code: 0, out: '' });
  });
});

/**
 * The tmux skill's registry writers hold `SOCKET_DIR/.sessions.lock` while
 * they rewrite `.sessions.json` (its lib/registry.sh): an flock(1) on that
 * file where `flock` exists (Linux), else a lock directory made with mkdir
 * (macOS), each for up to 5 s. Loopwatch takes the same lock the same way
 * before it edits the registry. Node has no flock, so the `flock` program
 * holds it for us around a tiny Node child that says when it has it and
 * exits when we close its stdin (argument arrays, no shell).
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Env } from '../../paths';

/** The skill's own LOCK_TIMEOUT: a writer holds the lock at most this long. */
export const REGISTRY_LOCK_TIMEOUT_MS = 5_000;
/** The skill's LOCK_SLEEP between mkdir attempts. */
const MKDIR_LOCK_POLL_MS = 100;
/** Runs under flock: report that the lock is held, then hold it until stdin closes. */
const HOLDER_SCRIPT =
  "process.stdout.write('locked\\n');process.stdin.resume();process.stdin.on('end',()=>process.exit(0));";

export class RegistryLockedError extends Error {
  constructor(lockPath: string, waitedMs: number) {
    super(`the registry is locked by another writer (${lockPath}, waited ${waitedMs / 1000} s)`);
    this.name = 'RegistryLockedError';
  }
}

export function registryLockPath(registry: string): string {
  return join(dirname(registry), '.sessions.lock');
}

async function flockAvailable(env: Env): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('flock', ['--version'], { stdio: 'ignore', env: env });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

async function withFlock<T>(
  lockPath: string,
  timeoutMs: number,
  env: Env,
  fn: () => Promise<T>,
): Promise<T> {
  const child = spawn(
    'flock',
    ['-x', '-w', String(timeoutMs / 1000), lockPath, process.execPath, '-e', HOLDER_SCRIPT],
    // Inside Electron, execPath is Electron: make it behave as Node.
    {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...(env as NodeJS.ProcessEnv), ELECTRON_RUN_AS_NODE: '1' },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const locked = await new Promise<boolean>((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line === 'locked'));
    child.once('exit', () => resolve(false));
    child.once('error', () => resolve(false));
  });
  if (!locked) {
    child.kill();
    throw new RegistryLockedError(lockPath, timeoutMs);
  }
  try {
    return await fn();
  } finally {
    child.stdin.end();
    await exited;
  }
}

async function withMkdirLock<T>(
  lockPath: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lockPath);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() >= deadline) {
        throw new RegistryLockedError(lockPath, timeoutMs);
      }
      await new Promise((r) => setTimeout(r, MKDIR_LOCK_POLL_MS));
    }
  }
  try {
    await writeFile(
      join(lockPath, 'owner'),
      `${process.pid} loopwatch ${new Date().toISOString()}\n`,
    ).catch(() => undefined);
    return await fn();
  } finally {
    await rm(lockPath, { recursive: true, force: true });
  }
}

/**
 * Run `fn` holding the registry's writer lock. A lock directory present
 * means a mkdir-style writer holds it: that style is used then, and where
 * `flock` is missing; otherwise flock.
 */
export async function withRegistryLock<T>(
  registry: string,
  env: Env,
  fn: () => Promise<T>,
  timeoutMs = REGISTRY_LOCK_TIMEOUT_MS,
): Promise<T> {
  const lockPath = registryLockPath(registry);
  const isDir = (await stat(lockPath).catch(() => null))?.isDirectory() ?? false;
  if (!isDir && (await flockAvailable(env))) return withFlock(lockPath, timeoutMs, env, fn);
  return withMkdirLock(lockPath, timeoutMs, fn);
}

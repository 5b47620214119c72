/**
 * The tmux skill's registry writers hold `SOCKET_DIR/.sessions.lock` while
 * they rewrite `.sessions.json` (its lib/registry.sh): an flock(1) on that
 * file where `flock` exists (Linux), else a lock directory made with mkdir
 * (macOS), each for up to 5 s. Loopwatch takes the same lock the same way
 * before it edits the registry. Node has no flock, so the `flock` program
 * locks a descriptor of ours that it inherits (argument arrays, no shell).
 */
import { spawn } from 'node:child_process';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Env } from '../../paths';

/** The skill's own LOCK_TIMEOUT: a writer holds the lock at most this long. */
export const REGISTRY_LOCK_TIMEOUT_MS = 5_000;
/** The skill's LOCK_SLEEP between mkdir attempts. */
const MKDIR_LOCK_POLL_MS = 100;
/** The lock file's descriptor as flock(1) sees it: the first one after stdin, stdout, stderr. */
const INHERITED_FD = 3;
/** The skill's lock file as its shell redirection would create it. */
const LOCK_FILE_MODE = 0o644;

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
  // We open the lock file and flock(1) locks our descriptor, inherited as
  // its fd 3: an flock lock belongs to the open file description, so it
  // stays held after flock exits, until we close the file. No second
  // runtime holds it for us (Electron must not be run as Node).
  const handle = await open(lockPath, 'a', LOCK_FILE_MODE);
  try {
    const locked = await new Promise<boolean>((resolve) => {
      const child = spawn('flock', ['-x', '-w', String(timeoutMs / 1000), String(INHERITED_FD)], {
        stdio: ['ignore', 'ignore', 'ignore', handle.fd],
        env,
      });
      child.once('error', () => resolve(false));
      child.once('exit', (code) => resolve(code === 0));
    });
    if (!locked) throw new RegistryLockedError(lockPath, timeoutMs);
    return await fn();
  } finally {
    // Closing the last descriptor of the open file description releases the lock.
    await handle.close();
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

/**
 * Where running supervisors listen for hook events: one Unix socket each,
 * `hook-PID-RANDOM.sock` in Loopwatch's runtime directory (mode 0700), so
 * the Electron app and a `loopwatch serve` or `watch` in a terminal all get
 * every event. Node builtins only: `loopwatch hook` must start fast.
 */
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const HOOK_SOCKET_PATTERN = /^hook-(\d+)-[0-9a-f]+\.sock$/;

export function newHookSocketPath(runtimeDir: string): string {
  return join(runtimeDir, `hook-${process.pid}-${randomBytes(4).toString('hex')}.sock`);
}

/** Every supervisor socket in the runtime dir, with the pid that made it. */
export async function hookSockets(runtimeDir: string): Promise<{ path: string; pid: number }[]> {
  const names = await readdir(runtimeDir).catch(() => [] as string[]);
  return names.flatMap((name) => {
    const match = HOOK_SOCKET_PATTERN.exec(name);
    return match ? [{ path: join(runtimeDir, name), pid: Number(match[1]) }] : [];
  });
}

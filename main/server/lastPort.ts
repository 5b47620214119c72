/**
 * `serve` without `--port` listens where it listened last time, so a page or a
 * bookmark finds a restarted server again. The port is kept in
 * `CONFIG_DIR/serve-port`; when it is taken, the next free port after it is
 * used (and saved), and the caller says so.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/files/atomicWrite';

export const LAST_PORT_FILE = 'serve-port';
/** Ports tried after the saved one before letting the system pick. */
const NEXT_PORTS_TRIED = 20;

export async function readLastPort(configDir: string): Promise<number | null> {
  const text = await readFile(join(configDir, LAST_PORT_FILE), 'utf8').catch(() => '');
  const port = Number(text.trim());
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : null;
}

export async function saveLastPort(configDir: string, port: number): Promise<void> {
  await writeFileAtomic(join(configDir, LAST_PORT_FILE), `${port}\n`).catch(() => undefined);
}

function inUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/**
 * Listen on `preferred`, else on the next free port after it, else on any
 * port. `listen` starts the server on one port (0: any) or rejects.
 */
export async function listenPreferred<T>(
  preferred: number | null,
  listen: (port: number) => Promise<T>,
): Promise<{ server: T; tried: number[] }> {
  const tried: number[] = [];
  if (preferred !== null) {
    for (let port = preferred; port <= Math.min(65535, preferred + NEXT_PORTS_TRIED); port += 1) {
      try {
        return { server: await listen(port), tried };
      } catch (error) {
        if (!inUse(error)) throw error;
        tried.push(port);
      }
    }
  }
  return { server: await listen(0), tried };
}

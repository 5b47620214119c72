/** `serve` finds its last port again; a taken one gives way to the next free port. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenPreferred, readLastPort, saveLastPort } from '../../../main/server/lastPort';

const open: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise((r) => s.close(() => r(null)))));
});

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      open.push(server);
      resolve(server);
    });
  });
}
const portOf = (server: Server): number => (server.address() as { port: number }).port;

describe('last port', () => {
  it('is saved and read back; nonsense reads as none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lw-port-'));
    expect(await readLastPort(dir)).toBeNull();
    await saveLastPort(dir, 48123);
    expect(await readLastPort(dir)).toBe(48123);
    await saveLastPort(dir, 0);
    expect(await readLastPort(dir)).toBeNull();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on the preferred port when free, else on the next free one', async () => {
    const probe = await listen(0);
    const free = portOf(probe);
    await new Promise((r) => probe.close(() => r(null)));
    open.splice(open.indexOf(probe), 1);
    const first = await listenPreferred(free, listen);
    expect(portOf(first.server)).toBe(free);
    expect(first.tried).toEqual([]);
    // Taken now (by the first): the next one.
    const second = await listenPreferred(free, listen);
    expect(second.tried).toEqual([free]);
    expect(portOf(second.server)).toBeGreaterThan(free);
  });
});

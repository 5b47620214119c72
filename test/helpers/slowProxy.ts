/**
 * A userspace TCP proxy that delays every byte by a fixed time in each
 * direction: the slow link of issue 17's faults. The kernel here lacks
 * `sch_netem`, so `tc qdisc ... netem delay` cannot run; this stands in for
 * it between the ssh client and a host's sshd (ssh reaches it through a
 * Host entry with `HostName 127.0.0.1`, `Port` the proxy's and
 * `HostKeyAlias` the host's address, so the host key still checks).
 *
 * Order is kept: every chunk is scheduled `delayMs` after it arrived, and
 * Node fires timers of equal duration in the order they were set. `stall()`
 * holds everything (a link that stops answering without closing) until
 * `resume()`.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface SlowProxy {
  /** The port on 127.0.0.1 to connect to. */
  port: number;
  /** Hold every byte in both directions (nothing is lost) until resume(). */
  stall(): void;
  resume(): void;
  /** Connections opened through the proxy so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export interface SlowProxyOptions {
  targetHost: string;
  targetPort: number;
  /** Added to every chunk, each way. */
  delayMs: number;
}

export async function startSlowProxy(options: SlowProxyOptions): Promise<SlowProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stalled = false;
  /** Sends held while stalled, in order; released by resume(). */
  const held: (() => void)[] = [];
  let opened = 0;

  /** `send` runs delayMs from now (later if the proxy is stalled then), in arrival order. */
  const later = (send: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stalled || held.length > 0) held.push(send);
      else send();
    }, options.delayMs);
    timers.add(timer);
  };

  const pipeSlowly = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => later(() => to.destroyed || to.write(chunk)));
    from.on('end', () => later(() => to.destroyed || to.end()));
    from.on('error', () => later(() => to.destroy()));
    from.on('close', () => later(() => to.destroy()));
  };

  const server: Server = createServer((client) => {
    opened++;
    const upstream = createConnection({ host: options.targetHost, port: options.targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    pipeSlowly(client, upstream);
    pipeSlowly(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP port');

  return {
    port: address.port,
    get connections() {
      return opened;
    },
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      // Bounded: only what was held; new sends queue behind it in the same order.
      while (held.length > 0) held.shift()!();
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      held.length = 0;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

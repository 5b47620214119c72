/**
 * The receiving side: a Unix socket in Loopwatch's runtime directory
 * (directory 0700, socket 0600) taking one JSON line per connection from
 * `loopwatch hook`. Stale sockets of supervisors that died are removed at
 * start (they are Loopwatch's own runtime files).
 */
import { EventEmitter } from 'node:events';
import { chmod, mkdir, stat, unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { pidAlive } from '../../proc/processes';
import { MAX_HOOK_MESSAGE_BYTES, parseHookLine, type HookMessage } from './hookEvent';
import { hookSockets, newHookSocketPath } from './hookSockets';

/** A sender that has not finished after this long is dropped (the hook itself gives up sooner). */
const CONNECTION_TIMEOUT_MS = 2_000;

export interface HookServerEvents {
  message: [HookMessage];
  /** A line or a message that was dropped, and why (the supervisor counts and reports it). */
  rejected: [reason: string];
}

export class HookServer extends EventEmitter<HookServerEvents> {
  private server: Server | null = null;
  readonly path: string;
  /** Why the server could not listen, if it could not (hooks then do nothing). */
  error: string | null = null;

  constructor(private readonly runtimeDir: string) {
    super();
    this.path = newHookSocketPath(runtimeDir);
  }

  async start(): Promise<void> {
    try {
      await mkdir(this.runtimeDir, { recursive: true, mode: 0o700 });
      const info = await stat(this.runtimeDir);
      if (
        typeof process.getuid === 'function' &&
        info.uid === process.getuid() &&
        (info.mode & 0o077) !== 0
      ) {
        await chmod(this.runtimeDir, 0o700);
      }
      await this.removeStale();
      const server = createServer((socket) => this.onConnection(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.path, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', () => undefined);
      await chmod(this.path, 0o600);
      this.server = server;
    } catch (error) {
      this.error = `cannot listen for hook events in ${this.runtimeDir}: ${(error as Error).message}`;
    }
  }

  private async removeStale(): Promise<void> {
    for (const { path, pid } of await hookSockets(this.runtimeDir)) {
      if (pid !== process.pid && !pidAlive(pid)) await unlink(path).catch(() => undefined);
    }
  }

  private onConnection(socket: Socket): void {
    const chunks: Buffer[] = [];
    let size = 0;
    socket.setTimeout(CONNECTION_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_HOOK_MESSAGE_BYTES) {
        socket.destroy();
        this.emit('rejected', `a hook message over ${MAX_HOOK_MESSAGE_BYTES} bytes was dropped`);
        return;
      }
      chunks.push(chunk);
    });
    socket.on('end', () => {
      socket.end();
      if (size > MAX_HOOK_MESSAGE_BYTES) return;
      for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        const parsed = parseHookLine(line);
        if (parsed.ok) this.emit('message', parsed.message);
        else this.emit('rejected', parsed.error);
      }
    });
  }

  async dispose(): Promise<void> {
    this.removeAllListeners();
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await unlink(this.path).catch(() => undefined);
  }
}

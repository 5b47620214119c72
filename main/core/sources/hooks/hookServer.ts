/**
 * The receiving side: a Unix socket in Loopwatch's runtime directory
 * (directory 0700 and ours, checked by claimRuntimeDir; socket 0600) taking
 * one JSON line per connection from `loopwatch hook`. Stale sockets of
 * supervisors that died are removed at start (they are Loopwatch's own
 * runtime files).
 */
import { EventEmitter } from 'node:events';
import { chmod, unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { pidAlive } from '../../proc/processes';
import type { Env } from '../../paths';
import { MAX_HOOK_MESSAGE_BYTES, parseHookLine, type HookMessage } from './hookEvent';
import { hookSockets, newHookSocketPath } from './hookSockets';
import { claimRuntimeDir, type RefusedDir } from './runtimeDir';

/** A sender that has not finished after this long is dropped (the hook itself gives up sooner). */
const CONNECTION_TIMEOUT_MS = 2_000;

export interface HookServerEvents {
  message: [HookMessage];
  /** A line or a message that was dropped, and why (the supervisor counts and reports it). */
  rejected: [reason: string];
}

export class HookServer extends EventEmitter<HookServerEvents> {
  private server: Server | null = null;
  /** The socket listened on; null before start() and when no private dir could be had. */
  path: string | null = null;
  private runtimeDir: string | null = null;
  /** Why the server could not listen, if it could not (hooks then do nothing). */
  error: string | null = null;
  /** Runtime dir candidates refused (another user's, too open), with why. */
  refused: RefusedDir[] = [];

  constructor(private readonly env: Env) {
    super();
  }

  async start(): Promise<void> {
    const claimed = await claimRuntimeDir(this.env);
    this.refused = claimed.refused;
    if (claimed.dir === null) {
      const why = claimed.refused.map((r) => `${r.dir}: ${r.reason}`).join('; ');
      this.error = `no private directory for hook events (${why})`;
      return;
    }
    this.runtimeDir = claimed.dir;
    const path = newHookSocketPath(claimed.dir);
    try {
      await this.removeStale(claimed.dir);
      const server = createServer((socket) => this.onConnection(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', () => undefined);
      await chmod(path, 0o600);
      this.server = server;
      this.path = path;
    } catch (error) {
      this.error = `cannot listen for hook events in ${this.runtimeDir}: ${(error as Error).message}`;
    }
  }

  private async removeStale(dir: string): Promise<void> {
    for (const { path, pid } of await hookSockets(dir)) {
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
    if (this.path) await unlink(this.path).catch(() => undefined);
  }
}

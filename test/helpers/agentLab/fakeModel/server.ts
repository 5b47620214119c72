/**
 * The fake model server: plain HTTP on 127.0.0.1, port 0, one handler per
 * API (Anthropic Messages, OpenAI Responses and Chat Completions, Gemini).
 * Held streams stay open until the server closes, which ends them all.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LabRequest {
  method: string;
  path: string;
  body: unknown;
}

/** A handler answers the requests it knows (returns true) and leaves the rest. */
export type ApiHandler = (
  request: LabRequest,
  response: ServerResponse,
  server: FakeModelServer,
) => boolean | Promise<boolean>;

/** Largest request body read; the agents send their whole context, a few hundred KB. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface FakeModelServer {
  url: string;
  port: number;
  /** Every request seen, newest last (for diagnosing a test that failed). */
  requests: LabRequest[];
  /** Responses held open (the "working" state). */
  held: Set<ServerResponse>;
  /** End every held stream without finishing it. */
  dropHeld(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function startFakeModel(handlers: readonly ApiHandler[]): Promise<FakeModelServer> {
  const sockets = new Set<Socket>();
  const requests: LabRequest[] = [];
  const held = new Set<ServerResponse>();
  let self: FakeModelServer | null = null;
  const http = createServer((req, res) => {
    void (async () => {
      const request: LabRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: await readBody(req),
      };
      requests.push(request);
      for (const handler of handlers) if (await handler(request, res, self!)) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { type: 'not_found', message: `no fake for ${request.path}` } }),
      );
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'fake_error', message: String(error) } }));
    });
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  self = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    held,
    dropHeld() {
      for (const res of held) res.destroy();
      held.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        self!.dropHeld();
        for (const socket of sockets) socket.destroy();
        http.close(() => resolve());
      }),
  };
  return self;
}

/** Start a server-sent-events response; returns a writer of one event. */
export function sse(response: ServerResponse): (event: string | null, data: unknown) => void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  response.flushHeaders();
  return (event, data) => {
    const head = event === null ? '' : `event: ${event}\n`;
    response.write(`${head}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  };
}

export function json(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Plain text of a message content in any of the APIs' shapes (string or parts). */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part: unknown) => {
        if (typeof part === 'string') return part;
        if (part && typeof part === 'object') {
          const p = part as Record<string, unknown>;
          if (typeof p.text === 'string') return p.text;
        }
        return '';
      })
      .join('\n');
  return '';
}

/**
 * `loopwatch serve`: the dashboard and the API over HTTP + WebSocket on a
 * loopback address, behind a random token.
 */
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { TERMINAL_MAX_INPUT_CHARS, TERMINAL_WS_PATH } from '../../preload/contract';
import type { ApiBackend } from '../api/backend';
import {
  allowedHost,
  allowedOrigin,
  authenticate,
  cookieName,
  loopbackPageOrigin,
  newToken,
} from './auth';
import { securityHeaders, serveStatic } from './staticFiles';
import { acceptTerminalSocket, type TerminalEndpointHost } from './terminalSocket';
import { bridgeSocket } from './wsBridge';

export interface ServeOptions {
  backend: ApiBackend;
  /** Folder of the built dashboard (index.html and assets). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** The pty host behind the terminal endpoint; without it, the endpoint answers 404. */
  terminals?: TerminalEndpointHost;
}

export interface RunningServer {
  url: string;
  /** The URL with the access token, as printed to the user. */
  tokenUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** The WebSocket endpoint of the API. */
export const WS_PATH = '/ws';
/**
 * "Where is this Loopwatch?": a page left on the port `serve` used before
 * (a restart found it taken and moved on) asks its candidate ports, with its
 * cookie; only our own server (same token) answers it, with its address.
 */
export const WHERE_PATH = '/api/where';

function reject(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() });
  response.end(`${text}\n`);
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  // A terminal's frames from the view are small control messages (input is split into pieces).
  const terminalWss = new WebSocketServer({
    noServer: true,
    maxPayload: 8 * TERMINAL_MAX_INPUT_CHARS,
  });
  let port = 0;
  let baseUrl = '';

  const onRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!allowedHost(request.headers.host, host, port)) {
      reject(response, 403, 'forbidden host');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const auth = authenticate(request, url, token);
    if (!auth.ok) {
      reject(
        response,
        401,
        'unauthorized: open the URL `loopwatch serve` printed (it carries ?token=...)',
      );
      return;
    }
    if (auth.fromQuery && request.method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Trade the token in the URL for a cookie, and drop it from the address bar.
      url.searchParams.delete('token');
      response.writeHead(303, {
        Location: `${url.pathname}${url.search}`,
        'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        ...securityHeaders(),
      });
      response.end();
      return;
    }
    if (url.pathname === '/api/snapshot' && request.method === 'GET') {
      const snapshot = await options.backend.dispatch('getSnapshot', undefined);
      response.writeHead(200, { 'Content-Type': 'application/json', ...securityHeaders() });
      response.end(JSON.stringify(snapshot));
      return;
    }
    if (url.pathname === WHERE_PATH && request.method === 'GET') {
      const origin = request.headers.origin;
      response.writeHead(200, {
        'Content-Type': 'application/json',
        ...securityHeaders(),
        // Readable by a page of ours on another loopback port, and by no other origin.
        ...(loopbackPageOrigin(origin)
          ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
          : {}),
        Vary: 'Origin',
      });
      response.end(JSON.stringify({ app: 'loopwatch', url: baseUrl }));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      reject(response, 404, 'no such API');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reject(response, 405, 'method not allowed');
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, response);
  };

  const server: HttpServer = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) reject(response, 500, (error as Error).message);
      else response.destroy();
    });
  });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const terminals = url.pathname === TERMINAL_WS_PATH ? options.terminals : undefined;
    if (url.pathname !== WS_PATH && !terminals) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (!allowedHost(request.headers.host, host, port))
      return rejectUpgrade(socket, 403, 'Forbidden');
    if (!allowedOrigin(request.headers.origin, request.headers.host)) {
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    if (!authenticate(request, url, token).ok) return rejectUpgrade(socket, 401, 'Unauthorized');
    if (terminals) {
      const id = url.searchParams.get('id');
      terminalWss.handleUpgrade(request, socket, head, (ws) =>
        acceptTerminalSocket(ws, terminals, id),
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => bridgeSocket(ws, options.backend));
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostInUrl}:${port}/`;
  baseUrl = url;
  return {
    url,
    tokenUrl: `${url}?token=${token}`,
    token,
    port,
    close: async () => {
      for (const client of [...wss.clients, ...terminalWss.clients]) client.terminate();
      wss.close();
      terminalWss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

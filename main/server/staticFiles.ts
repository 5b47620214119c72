/** Serves the built dashboard (out/renderer) with a strict CSP; nothing outside that folder. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The dashboard's CSP: scripts only from us, WebSocket only to us; plain
 * requests also to loopback ports, where a disconnected page looks for a
 * `serve` that restarted on another port (httpServer's WHERE_PATH).
 * `style-src 'unsafe-inline'` is for xterm.js, which injects a <style>.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/** Resolve a URL path inside `root`; null for anything that escapes it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const full = resolve(join(base, normalize(decoded)));
  return full === base || full.startsWith(base + sep) ? full : null;
}

export async function serveStatic(
  root: string,
  urlPath: string,
  response: ServerResponse,
): Promise<void> {
  const path = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  const file = path ? await stat(path).catch(() => null) : null;
  if (!path || !file?.isFile()) {
    // Client-side routes fall back to the app; missing assets are 404s.
    if (!extname(urlPath)) return serveStatic(root, '/index.html', response);
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() });
    response.end('not found\n');
    return;
  }
  response.writeHead(200, {
    'Content-Type': MIME[extname(path)] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
    ...securityHeaders(),
  });
  createReadStream(path).pipe(response);
}

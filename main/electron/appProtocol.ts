/**
 * The dashboard's own origin: the renderer is served from
 * `loopwatch://app/…` (a privileged standard scheme handled in main)
 * instead of `file://`, so the page gets no file-system reach beyond its
 * own build folder and a real origin that permission and navigation
 * checks can compare (Electron security checklist: "avoid the file://
 * protocol, prefer a custom protocol").
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'loopwatch';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads. */
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

/**
 * standard: a real origin (relative URLs, same-origin checks); secure: a
 * secure context (clipboard, crypto); supportFetchAPI: the page's module
 * scripts and assets load with fetch semantics. Nothing that weakens the
 * page: no bypassCSP, no CORS from other origins, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  bypassCSP: false,
  corsEnabled: false,
  allowServiceWorkers: false,
  stream: false,
} as const;

/** Content types of what the renderer build holds. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Must run before the app is ready (Electron registers schemes at start-up). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } },
  ]);
}

/**
 * The file a `loopwatch://app/…` URL names inside `rendererDir`, or null:
 * another host, a path that leaves the folder (`..`, encoded or not), or
 * anything that is not a plain path.
 */
export function rendererFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') return null;
  return file;
}

/** A second policy on the app's page (both apply): no fetch or WebSocket anywhere but itself. */
export const APP_CONNECT_POLICY = "connect-src 'self'";

/** Serve the renderer build on the app scheme (after the app is ready). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      // The page's own CSP lets a browser page of `serve` look for its server on other loopback
      // ports; the app's window talks over IPC only, so its page may connect nowhere.
      const headers: Record<string, string> = { 'content-type': type };
      if (extname(file) === '.html') headers['content-security-policy'] = APP_CONNECT_POLICY;
      return new Response(body, { headers });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

/**
 * Access control for `loopwatch serve`: a random token printed once in the
 * URL, exchanged for an HttpOnly, SameSite=Strict cookie on first load so
 * the page drops it from the address bar. Requests carry the cookie, the
 * `token` query parameter or an `Authorization: Bearer` header.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes: unguessable, and URL-safe in base64url. */
const TOKEN_BYTES = 32;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Cookie names are per port: browsers share cookies across ports of one host. */
export function cookieName(port: number): string {
  return `loopwatch_token_${port}`;
}

export function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieValue(request: IncomingMessage, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function bearer(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export interface AuthResult {
  ok: boolean;
  /** The token came in the query string: answer with a cookie and a clean redirect. */
  fromQuery: boolean;
}

export function authenticate(
  request: IncomingMessage,
  url: URL,
  token: string,
  port: number,
): AuthResult {
  const fromQuery = sameToken(url.searchParams.get('token'), token);
  const ok =
    fromQuery ||
    sameToken(cookieValue(request, cookieName(port)), token) ||
    sameToken(bearer(request), token);
  return { ok, fromQuery };
}

/**
 * Only our own host names, so a DNS-rebinding page cannot reach us: the
 * Host header must name a loopback address or the host we were bound to.
 */
export function allowedHost(
  hostHeader: string | undefined,
  boundHost: string,
  port: number,
): boolean {
  if (!hostHeader) return false;
  const allowed = new Set(
    ['127.0.0.1', 'localhost', '[::1]', boundHost.includes(':') ? `[${boundHost}]` : boundHost].map(
      (h) => `${h}:${port}`,
    ),
  );
  return allowed.has(hostHeader.toLowerCase());
}

/** Same-origin check for WebSocket upgrades: the page must be ours. */
export function allowedOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin || !hostHeader) return false;
  try {
    const parsed = new URL(origin);
    return parsed.protocol === 'http:' && parsed.host === hostHeader.toLowerCase();
  } catch {
    return false;
  }
}

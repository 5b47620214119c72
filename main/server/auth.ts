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

/** The values of every `loopwatch_token_PORT` cookie the request carries. */
function tokenCookies(request: IncomingMessage): string[] {
  const header = request.headers.cookie;
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (!/^loopwatch_token_\d+$/.test(part.slice(0, eq).trim())) continue;
    try {
      values.push(decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed cookie is no token.
    }
  }
  return values;
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

export function authenticate(request: IncomingMessage, url: URL, token: string): AuthResult {
  const fromQuery = sameToken(url.searchParams.get('token'), token);
  // Any port's cookie holding this token: a `serve` restarted on another port (its last one was
  // taken) keeps the token, and the browser sends the old port's cookie to the new port too.
  const ok =
    fromQuery ||
    tokenCookies(request).some((value) => sameToken(value, token)) ||
    sameToken(bearer(request), token);
  return { ok, fromQuery };
}

/**
 * A page of ours served on another loopback port (before a restart moved
 * `serve`) may ask where we are now: the origins it can have.
 */
export function loopbackPageOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const parsed = new URL(origin);
    return (
      parsed.protocol === 'http:' &&
      ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) &&
      parsed.origin === origin
    );
  } catch {
    return false;
  }
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

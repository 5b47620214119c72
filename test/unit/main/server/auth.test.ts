import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  allowedHost,
  allowedOrigin,
  authenticate,
  cookieName,
  loopbackPageOrigin,
  newToken,
} from '../../../../main/server/auth';
import { resolveInside } from '../../../../main/server/staticFiles';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('serve access control', () => {
  const token = newToken();

  it('makes long, distinct tokens', () => {
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(newToken()).not.toBe(token);
  });

  it('accepts the token from the query, the per-port cookie or a bearer header', () => {
    const url = (q = '') => new URL(`http://127.0.0.1:5000/${q}`);
    expect(authenticate(request({}), url(`?token=${token}`), token)).toEqual({
      ok: true,
      fromQuery: true,
    });
    expect(authenticate(request({ cookie: `${cookieName(5000)}=${token}` }), url(), token).ok).toBe(
      true,
    );
    expect(authenticate(request({ authorization: `Bearer ${token}` }), url(), token).ok).toBe(true);
  });

  it('refuses a missing or wrong token, and cookies that are not ours', () => {
    const url = new URL('http://127.0.0.1:5000/');
    expect(authenticate(request({}), url, token).ok).toBe(false);
    expect(authenticate(request({ cookie: `${cookieName(5000)}=nope` }), url, token).ok).toBe(
      false,
    );
    expect(
      authenticate(request({ cookie: `${cookieName(5001)}=${newToken()}` }), url, token).ok,
    ).toBe(false);
    expect(authenticate(request({ cookie: `loopwatch_token_x=${token}` }), url, token).ok).toBe(
      false,
    );
    expect(
      authenticate(request({ cookie: `other_${cookieName(5000)}=${token}` }), url, token).ok,
    ).toBe(false);
  });

  it("accepts another port's cookie holding this token (serve restarted on another port)", () => {
    const url = new URL('http://127.0.0.1:5003/');
    const cookie = `${cookieName(5009)}=nope; ${cookieName(5000)}=${token}; theme=dark`;
    expect(authenticate(request({ cookie }), url, token).ok).toBe(true);
  });

  it('answers "where are you" only to pages of ours on loopback origins', () => {
    expect(loopbackPageOrigin('http://127.0.0.1:5000')).toBe(true);
    expect(loopbackPageOrigin('http://localhost:41234')).toBe(true);
    expect(loopbackPageOrigin('http://[::1]:5000')).toBe(true);
    expect(loopbackPageOrigin('http://evil.example')).toBe(false);
    expect(loopbackPageOrigin('http://127.0.0.1.evil.example:5000')).toBe(false);
    expect(loopbackPageOrigin('https://127.0.0.1:5000')).toBe(false);
    expect(loopbackPageOrigin('null')).toBe(false);
    expect(loopbackPageOrigin(undefined)).toBe(false);
  });

  it('answers only to loopback host names (no DNS rebinding)', () => {
    expect(allowedHost('127.0.0.1:5000', '127.0.0.1', 5000)).toBe(true);
    expect(allowedHost('localhost:5000', '127.0.0.1', 5000)).toBe(true);
    expect(allowedHost('evil.example:5000', '127.0.0.1', 5000)).toBe(false);
    expect(allowedHost('127.0.0.1:5001', '127.0.0.1', 5000)).toBe(false);
    expect(allowedHost(undefined, '127.0.0.1', 5000)).toBe(false);
  });

  it('upgrades WebSockets only from our own origin', () => {
    expect(allowedOrigin('http://127.0.0.1:5000', '127.0.0.1:5000')).toBe(true);
    expect(allowedOrigin('http://evil.example', '127.0.0.1:5000')).toBe(false);
    expect(allowedOrigin(undefined, '127.0.0.1:5000')).toBe(false);
    expect(allowedOrigin('not a url', '127.0.0.1:5000')).toBe(false);
  });
});

describe('static files', () => {
  it('never resolves outside the dashboard folder', () => {
    expect(resolveInside('/srv/app', '/index.html')).toBe('/srv/app/index.html');
    expect(resolveInside('/srv/app', '/../etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveInside('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveInside('/srv/app', '/a%00b')).toBeNull();
    expect(resolveInside('/srv/app', '/%E0%A4%A')).toBeNull();
  });
});

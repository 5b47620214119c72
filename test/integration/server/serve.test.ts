import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiBackend, type ApiBackend } from '../../../main/api/backend';
import { Supervisor } from '../../../main/core/supervisor';
import { startServer, type RunningServer } from '../../../main/server/httpServer';
import { SnapshotSchema } from '../../../preload/contract';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

/** Open a WebSocket and report how the server answered the upgrade. */
function tryUpgrade(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('loopwatch serve (in-process, real tmux)', () => {
  let sandbox: Sandbox;
  let supervisor: Supervisor;
  let backend: ApiBackend;
  let server: RunningServer;
  let wsUrl: string;
  let origin: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    await sandbox.tmux(['new-session', '-d', '-s', 'served']);
    const rendererDir = join(sandbox.root, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    supervisor = new Supervisor({ env: sandbox.env });
    await supervisor.start();
    backend = createApiBackend(supervisor, {}, { env: sandbox.env });
    server = await startServer({ backend, rendererDir });
    wsUrl = `${server.url.replace('http', 'ws')}ws`;
    origin = server.url.replace(/\/$/, '');
  });

  afterAll(async () => {
    await server.close();
    backend.dispose();
    supervisor.dispose();
    await sandbox.cleanup();
  });

  it('prints a loopback URL with a token', () => {
    expect(server.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
  });

  it('refuses WebSocket upgrades from other origins, or without the token', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    expect(await tryUpgrade(wsUrl, { ...auth, Origin: 'http://evil.example' })).toBe(403);
    expect(await tryUpgrade(wsUrl, { ...auth })).toBe(403);
    expect(await tryUpgrade(wsUrl, { Origin: origin })).toBe(401);
    expect(await tryUpgrade(wsUrl, { ...auth, Origin: origin })).toBe('open');
  });

  it('answers API requests over the socket and rejects unknown operations', async () => {
    const ws = new WebSocket(wsUrl, {
      headers: { Authorization: `Bearer ${server.token}`, Origin: origin },
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const answers: unknown[] = [];
    ws.on('message', (data: Buffer) => answers.push(JSON.parse(data.toString('utf8')) as unknown));
    ws.send(JSON.stringify({ t: 'req', id: 1, op: 'getSnapshot' }));
    ws.send(JSON.stringify({ t: 'req', id: 2, op: 'rm -rf' }));
    ws.send(JSON.stringify({ t: 'req', id: 3, op: 'getSnapshot', payload: { sneaky: true } }));
    await eventually(() => answers.length === 3, 'three answers');
    ws.close();
    const byId = (id: number) =>
      answers.find((a) => (a as { id?: number }).id === id) as Record<string, unknown>;
    const snapshot = SnapshotSchema.parse(byId(1).result);
    expect(snapshot.sessions.map((s) => s.name)).toContain('served');
    expect(byId(2)).toMatchObject({ ok: false, error: 'unknown operation: rm -rf' });
    expect(byId(3)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/invalid getSnapshot request/),
    });
  });

  it('refuses requests for a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      const req = request(
        server.url,
        { headers: { Host: `evil.example:${server.port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.end();
    });
    expect(status).toBe(403);
  });

  it('serves the page only with the token, trading it for a cookie', async () => {
    expect((await fetch(server.url)).status).toBe(401);
    const first = await fetch(server.tokenUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(server.url, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});

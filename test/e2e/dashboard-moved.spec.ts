/**
 * `serve` restarts and finds its last port taken by another program: it
 * listens on the next free one, and the page left on the old address,
 * disconnected, finds the new one and offers it; the link opens the same
 * dashboard there without the token in the URL (the old port's cookie
 * holds the same token).
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { startServe, type ServeProcess } from '../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess | null = null;
let squatter: Server | null = null;

/** A port free right now (the system picks it; closed again before use). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

test.beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'still-here', 'sh', '-c', 'read x']);
});

test.afterAll(async () => {
  await serve?.stop();
  await new Promise<void>((resolve) => (squatter ? squatter.close(() => resolve()) : resolve()));
  await sandbox.cleanup();
});

test('a serve that moved port is found by the disconnected page, which offers its new address', async ({
  page,
}) => {
  // serve's last port, as a previous run saved it.
  const config = join(sandbox.env.XDG_CONFIG_HOME!, 'loopwatch');
  await mkdir(config, { recursive: true });
  const port = await freePort();
  await writeFile(join(config, 'serve-port'), `${port}\n`);
  serve = await startServe(sandbox, [], { savedPort: true });
  expect(new URL(serve.url).port).toBe(String(port));

  await page.goto(serve.tokenUrl);
  const connection = page.getByRole('status', { name: 'Connection' });
  await expect(connection).toHaveText('Live');
  await expect(page.getByRole('row', { name: 'still-here' })).toBeVisible();

  await serve.stop();
  // Another program takes the port meanwhile (it answers everything with a plain page).
  let squatterAsked = 0;
  squatter = createServer((_request, response) => {
    squatterAsked += 1;
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('some other program\n');
  });
  await new Promise<void>((resolve) => squatter!.listen(port, '127.0.0.1', resolve));
  serve = await startServe(sandbox, [], { savedPort: true });
  const moved = Number(new URL(serve.url).port);
  expect(moved).toBeGreaterThan(port);
  expect(serve.output()).toContain(`port ${port} is taken`);

  const banner = page.getByRole('alert').filter({ hasText: 'Disconnected since' });
  await expect(banner).toBeVisible();
  const link = banner.getByRole('link', { name: `open http://127.0.0.1:${moved}/` });
  await expect(link).toBeVisible({ timeout: 20_000 });
  await link.click();
  await expect(page).toHaveURL(`http://127.0.0.1:${moved}/`);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live');
  await expect(page.getByRole('row', { name: 'still-here' })).toBeVisible();
  // The page never sent the token in a URL to find it: only the cookie, and only to our server.
  expect(page.url()).not.toContain('token=');
  expect(squatterAsked).toBeGreaterThan(0);
});

test('"where are you" answers only our own pages, and only with our token', async () => {
  const own = await startServe(sandbox);
  try {
    const where = `${own.url}api/where`;
    const ask = (cookie: string, origin: string) => fetch(where, { headers: { cookie, origin } });
    // Our token under another port's cookie name: a page of ours from before the move.
    const ours = await ask(`loopwatch_token_1234=${own.token}`, 'http://127.0.0.1:1234');
    expect(ours.status).toBe(200);
    expect(ours.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:1234');
    expect(ours.headers.get('access-control-allow-credentials')).toBe('true');
    expect(await ours.json()).toEqual({ app: 'loopwatch', url: own.url });
    // Another Loopwatch's page (another token) gets no answer.
    const stranger = await ask('loopwatch_token_1234=not-our-token', 'http://127.0.0.1:1234');
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    // A page elsewhere may not read the answer, even with the cookie.
    const elsewhere = await ask(`loopwatch_token_1234=${own.token}`, 'http://evil.example');
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  } finally {
    await own.stop();
  }
});

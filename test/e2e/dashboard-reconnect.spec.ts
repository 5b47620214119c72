/**
 * `loopwatch serve` restarts: the page says it is reconnecting, comes back
 * by itself (the token is kept in the config dir, so the page's cookie
 * still works) and keeps the selection, the search and the filters.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { startServe, type ServeProcess } from '../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  for (const name of ['other-one', 'keep-me', 'third'])
    await sandbox.tmux(['new-session', '-d', '-s', name, 'sh', '-c', 'read x']);
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

test('a serve restart: "Reconnecting…", then back by itself with the view as it was', async ({
  page,
}) => {
  await page.goto(serve.tokenUrl);
  const table = page.getByRole('table', { name: 'Sessions' });
  const connection = page.getByRole('status', { name: 'Connection' });
  await expect(connection).toHaveText('Live');
  await table.getByRole('row', { name: 'other-one', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Search sessions' });
  await search.fill('other');
  const idle = page
    .getByRole('group', { name: 'Status filter' })
    .getByRole('button', { name: /^idle/ });
  await expect(idle).toBeVisible();
  await idle.click();
  await expect(idle).toHaveAttribute('aria-pressed', 'true');
  await expect(table.getByRole('row', { name: 'other-one', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  let reloaded = false;
  page.on('framenavigated', () => (reloaded = true));

  const port = new URL(serve.url).port;
  await serve.stop();
  await expect(connection).toHaveText('Reconnecting…');
  // Said plainly, with the time it was lost; times stop instead of ticking on.
  await expect(page.getByRole('alert').filter({ hasText: 'Disconnected since' })).toContainText(
    /Disconnected since \d{1,2}:\d{2}/,
  );
  const details = page.getByRole('region', { name: 'Session details' });
  await expect(details).not.toContainText('Refreshed every second');
  const since = table.getByRole('row', { name: 'other-one', exact: true }).locator('.c-since');
  const frozenText = await since.textContent();
  await page.waitForTimeout(2_100);
  expect(await since.textContent()).toBe(frozenText);
  // The list stays on screen meanwhile (marked busy), not blanked.
  await expect(table).toHaveAttribute('aria-busy', 'true');
  await expect(table.getByRole('row', { name: 'other-one', exact: true })).toBeVisible();
  // Something happens while the server is away.
  await sandbox.tmux(['new-session', '-d', '-s', 'another-one', 'sh', '-c', 'read x']);

  const before = serve.token;
  serve = await startServe(sandbox, ['--port', port]);
  expect(serve.token).toBe(before);
  expect(serve.output()).toContain('reusing the token');
  await expect(connection).toHaveText('Live', { timeout: 20_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'Disconnected since' })).toHaveCount(0);
  await expect(table.getByRole('row', { name: 'another-one' })).toBeVisible();
  await expect(table.getByRole('row', { name: 'other-one', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(search).toHaveValue('other');
  await expect(idle).toHaveAttribute('aria-pressed', 'true');
  await expect(table.getByRole('row', { name: 'keep-me' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Session details' })).toContainText('other-one');
  expect(reloaded).toBe(false);

  const tokenFile = join(sandbox.env.XDG_CONFIG_HOME!, 'loopwatch', 'serve-token');
  expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
});

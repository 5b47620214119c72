import { expect, test } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'already-here', '-c', sandbox.root]);
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

test('without the token, the page and the API answer 401', async ({ request }) => {
  expect((await request.get(serve.url)).status()).toBe(401);
  expect((await request.get(`${serve.url}api/snapshot`)).status()).toBe(401);
  expect((await request.get(`${serve.url}?token=wrong`)).status()).toBe(401);
  const authorized = await request.get(`${serve.url}api/snapshot`, {
    headers: { Authorization: `Bearer ${serve.token}` },
  });
  expect(authorized.status()).toBe(200);
});

test('the dashboard lists sessions live: created and killed without a reload', async ({ page }) => {
  await page.goto(serve.tokenUrl);
  // The token moved into a cookie and out of the address bar.
  await expect(page).toHaveURL(serve.url);
  const table = page.getByRole('table', { name: 'Sessions' });
  await expect(table.getByRole('row', { name: 'already-here' })).toBeVisible();

  let reloaded = false;
  page.on('framenavigated', () => (reloaded = true));
  const name = `e2e "live" $(x) ✓`;
  await sandbox.tmux(['new-session', '-d', '-s', name]);
  await expect(table.getByRole('row', { name })).toBeVisible();
  // A plain shell: no source or agent badge (issue 15 shows an agent badge, never "plain").
  await expect(table.getByRole('row', { name })).not.toContainText('plain');

  await page.screenshot({
    path: `${REPO_ROOT}/screenshots/dashboard-foundation.png`,
    fullPage: true,
  });

  await sandbox.tmux(['kill-session', '-t', `=${name}`]);
  // Its row stays, as an ended session, until reviewed.
  await expect(table.getByRole('row', { name })).toContainText(
    'session ended; exit status unknown',
  );
  expect(reloaded).toBe(false);
  // The page's links never carry the token.
  const hrefs = await Promise.all(
    (await page.locator('a[href]').all()).map((link) => link.getAttribute('href')),
  );
  expect(hrefs.join(' ')).not.toContain(serve.token);
});

/**
 * Notifications in `serve` mode, end to end: real tmux, the built
 * `loopwatch serve`, Chromium with notification permission granted. The
 * page's Notification is wrapped (init script) so the test can see each
 * one shown and click it.
 *
 * A session crashes (its pane exits 3 under remain-on-exit, which today's
 * supervisor reports as crashed): exactly one notification names it, the
 * title and favicon count it, and a click brings its row up.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { COALESCE_WINDOW_MS } from '../../main/shell/notificationPolicy';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

interface SeenNotification {
  title: string;
  body: string;
  tag: string;
}

declare global {
  interface Window {
    __notifications: (Notification & { seen: SeenNotification })[];
  }
}

let sandbox: Sandbox;
let serve: ServeProcess;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'bystander', '-c', sandbox.root]);
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

test.use({ permissions: ['notifications'] });

test.beforeEach(async ({ context }) => {
  await context.addInitScript(() => {
    const Real = window.Notification;
    const shown: Window['__notifications'] = [];
    window.__notifications = shown;
    // The real Notification (permission and all), recording each one shown.
    window.Notification = class extends Real {
      seen: SeenNotification;
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        this.seen = { title, body: options?.body ?? '', tag: options?.tag ?? '' };
        shown.push(this as unknown as Window['__notifications'][number]);
      }
    };
  });
});

async function seen(page: Page): Promise<SeenNotification[]> {
  return page.evaluate(() => window.__notifications.map((n) => n.seen));
}

test('a crash notifies once, naming the session; the title counts it; a click opens its row', async ({
  page,
}) => {
  await page.goto(serve.tokenUrl);
  const table = page.getByRole('table', { name: 'Sessions' });
  await expect(table.getByRole('row', { name: 'bystander' })).toBeVisible();
  await expect(page).toHaveTitle('Loopwatch');
  expect(await page.evaluate(() => Notification.permission)).toBe('granted');

  const name = `build "api" $(x) ✓`;
  const project = join(sandbox.root, 'projects', 'payments-service');
  await mkdir(project, { recursive: true });
  // The pane waits for a line, then exits 3; remain-on-exit keeps it for its exit status.
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    name,
    '-c',
    project,
    'sh',
    '-c',
    'read l; exit 3',
  ]);
  await sandbox.tmux(['set-option', '-w', '-t', `=${name}:`, 'remain-on-exit', 'on']);
  const row = table.getByRole('row', { name });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('crashed');

  await sandbox.tmux(['send-keys', '-t', `=${name}:`, 'Enter']);
  await expect(row).toContainText('crashed');
  await expect.poll(() => seen(page)).toHaveLength(1);
  const [notification] = await seen(page);
  expect(notification).toMatchObject({
    title: `${name} crashed`,
    body: expect.stringMatching(/^payments-service · pane %\d+ exited with status 3$/),
  });
  await expect(page).toHaveTitle('(1) Loopwatch');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('data-state', 'crashed');

  // Exactly one: nothing more arrives after the coalescing window has passed twice.
  await page.waitForTimeout(2 * COALESCE_WINDOW_MS);
  expect(await seen(page)).toHaveLength(1);

  await page.screenshot({ path: `${REPO_ROOT}/screenshots/notification-crashed.png` });
  // Scroll away, then click the notification: its session's row comes into view with focus.
  await page.evaluate(() => {
    window.__notifications[0]!.dispatchEvent(new Event('click'));
  });
  await expect(row).toBeFocused();
  await expect(row).toHaveAttribute('data-requested', 'true');
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/notification-clicked.png` });
});

/**
 * Notifications and settings in `serve` mode, end to end: real tmux, the
 * built `loopwatch serve`, Chromium with notification permission granted.
 * The page's Notification is wrapped (init script) so the test can see each
 * one shown and click it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { loopwatchConfigDir } from '../../main/core/paths';
import { COALESCE_WINDOW_MS } from '../../main/shell/notificationPolicy';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

const AGENTS = join(REPO_ROOT, 'test', 'fixtures', 'agents');

interface SeenNotification {
  title: string;
  body: string;
  tag: string;
}

/**
 * Runs in the page before its scripts: the real Notification (permission
 * and all), recording each one shown. A string, so this Node-typed file
 * needs no DOM types.
 */
const RECORD_NOTIFICATIONS = `
  (() => {
    const Real = window.Notification;
    const shown = [];
    window.__notifications = shown;
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        this.seen = { title, body: (options && options.body) || '', tag: (options && options.tag) || '' };
        shown.push(this);
      }
    };
  })();
`;

let sandbox: Sandbox;
let serve: ServeProcess;
const pageErrors: string[] = [];

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

test.beforeEach(async ({ context, page }) => {
  pageErrors.length = 0;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await context.addInitScript({ content: RECORD_NOTIFICATIONS });
});

test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

async function seen(page: Page): Promise<SeenNotification[]> {
  return page.evaluate<SeenNotification[]>('window.__notifications.map((n) => n.seen)');
}

function sessionRow(page: Page, name: string) {
  return page.getByRole('table', { name: 'Sessions' }).getByRole('row', { name, exact: true });
}

test('an agent reaching a prompt notifies once, naming it; the title counts it; a click opens its terminal in watch mode', async ({
  page,
}) => {
  await page.goto(serve.tokenUrl);
  await expect(sessionRow(page, 'bystander')).toBeVisible();
  await expect(page).toHaveTitle('Loopwatch');
  expect(await page.evaluate('Notification.permission')).toBe('granted');
  await expect(page.getByRole('status').filter({ hasText: 'Notifications on' })).toBeVisible();

  const name = `build "api" $(x) ✓`;
  const project = join(sandbox.root, 'projects', 'payments-service');
  await mkdir(project, { recursive: true });
  // Works for a second, then shows a Claude Code permission prompt and waits.
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    name,
    '-c',
    project,
    '--',
    'bash',
    join(AGENTS, 'claude-prompt.sh'),
    '10',
    '0.1',
  ]);
  const row = sessionRow(page, name);
  await expect(row).toContainText('waiting', { timeout: 15_000 });
  await expect.poll(() => seen(page)).toHaveLength(1);
  const [notification] = await seen(page);
  expect(notification!.title).toBe(`${name} needs you`);
  expect(notification!.body).toMatch(/^payments-service · .*(permission|Permission)/);
  await expect(page).toHaveTitle('(1) Loopwatch');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('data-state', 'waiting');

  // Exactly one: nothing more arrives after the coalescing window has passed twice.
  await page.waitForTimeout(2 * COALESCE_WINDOW_MS);
  expect(await seen(page)).toHaveLength(1);
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/notification-waiting.png` });

  // A click opens the session's terminal, watching (read-only, the agent's size kept).
  await page.evaluate("window.__notifications[0].dispatchEvent(new Event('click'))");
  const view = page.getByRole('tabpanel', { name: `Terminal: ${name}` });
  await expect(view).toBeVisible();
  await expect(view.getByRole('button', { name: 'Watch' })).toHaveAttribute('aria-pressed', 'true');
  await expect(view.getByRole('button', { name: 'Detach' })).toBeEnabled();
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/notification-clicked.png` });
});

test('settings: a kind switched off is saved to the settings file and stays off after a reload', async ({
  page,
}) => {
  await page.goto(serve.tokenUrl);
  await page.getByRole('button', { name: 'Settings…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const finished = dialog.getByRole('checkbox', { name: /^Finished/ });
  await expect(finished).toBeChecked();
  // Controlled by the saved settings: the box changes once main has stored the change.
  await finished.click();
  await expect(finished).not.toBeChecked();
  const file = join(loopwatchConfigDir(sandbox.env), 'settings.json');
  await expect
    .poll(async () => JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as unknown)
    .toMatchObject({ notifyFinished: false });
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/settings.png` });

  // The theme applies at once, to the whole page.
  await dialog.getByRole('radio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await page.getByRole('button', { name: 'Settings…' }).click();
  await expect(
    page.getByRole('dialog', { name: 'Settings' }).getByRole('checkbox', { name: /^Finished/ }),
  ).not.toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // Put it back for the other tests.
  const again = page.getByRole('dialog', { name: 'Settings' });
  await again.getByRole('radio', { name: /Follow/ }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme');
  await again.getByRole('checkbox', { name: /^Finished/ }).click();
  await expect(again.getByRole('checkbox', { name: /^Finished/ })).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
});

/**
 * The dashboard by keyboard, end to end against real tmux: Space and
 * Shift+↓ mark rows; r marks the finished ones reviewed; k kills the marked
 * live ones after one plan and one confirmation, saving each one's history;
 * n names a session (kept in the marks file, shown, searchable), and a name
 * given with `loopwatch nick` shows in the open page.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { waitForPaneExit } from '../helpers/paneExit';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

const run = promisify(execFile);
let sandbox: Sandbox;
let serve: ServeProcess;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  for (const name of ['alpha-done', 'beta-done']) {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      name,
      'sh',
      '-c',
      'echo finished; exit 0',
      ';',
      'set-option',
      '-w',
      '-t',
      `=${name}:`,
      'remain-on-exit',
      'on',
    ]);
    await waitForPaneExit(sandbox, name);
  }
  for (const name of ['gamma', 'delta', 'epsilon']) {
    await sandbox.tmux(['new-session', '-d', '-s', name, 'sh', '-c', 'read x']);
  }
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

const table = (page: Page) => page.getByRole('table', { name: 'Sessions' });
const row = (page: Page, name: string) => table(page).getByRole('row', { name });

async function hasSession(name: string): Promise<boolean> {
  return sandbox.tmux(['has-session', '-t', `=${name}`]).then(
    () => true,
    () => false,
  );
}

test('Space and Shift+↓ mark rows; r reviews the finished ones in one go', async ({ page }) => {
  await page.goto(serve.tokenUrl);
  await row(page, 'alpha-done').click();
  await page.keyboard.press(' ');
  await page.keyboard.press('Shift+ArrowDown');
  const bar = page.getByRole('toolbar', { name: 'Marked sessions' });
  await expect(bar).toContainText('2 marked');
  await page.keyboard.press('r');
  await expect(row(page, 'alpha-done')).toHaveCount(0);
  await expect(row(page, 'beta-done')).toHaveCount(0);
  await expect(bar).toHaveCount(0);
});

test('k on marked rows: one plan, one confirmation, each history saved', async ({ page }) => {
  await page.goto(serve.tokenUrl);
  await row(page, 'delta').click();
  await page.keyboard.press(' ');
  await row(page, 'epsilon').click();
  await page.keyboard.press(' ');
  await expect(page.getByRole('toolbar', { name: 'Marked sessions' })).toContainText('2 marked');
  await page.keyboard.press('k');
  const dialog = page.getByRole('dialog', { name: 'Kill 2 sessions?' });
  const plan = dialog.getByRole('list', { name: 'What each kill ends' });
  await expect(plan).toContainText('delta');
  await expect(plan).toContainText('epsilon');
  expect(await hasSession('delta')).toBe(true);
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/bulk-kill.png` });
  await dialog.getByRole('button', { name: 'Kill 2 sessions' }).click();
  await expect(dialog.getByRole('list', { name: 'Results' }).getByRole('listitem')).toHaveCount(2);
  expect(await hasSession('delta')).toBe(false);
  expect(await hasSession('epsilon')).toBe(false);
  expect(await hasSession('gamma')).toBe(true);
  const history = join(sandbox.env.XDG_CONFIG_HOME!, 'loopwatch', 'history');
  const saved = await readdir(history, { recursive: true }).catch(() => [] as string[]);
  expect(saved.some((f) => f.includes('delta'))).toBe(true);
  expect(saved.some((f) => f.includes('epsilon'))).toBe(true);
});

test('n names a session: kept in the marks file, shown, searchable; `loopwatch nick` too', async ({
  page,
}) => {
  await page.goto(serve.tokenUrl);
  await row(page, 'gamma').click();
  await page.keyboard.press('n');
  const input = page.getByRole('textbox', { name: 'Nickname' });
  await expect(input).toBeFocused();
  await input.fill('the flaky test hunt');
  await page.keyboard.press('Enter');
  await expect(row(page, 'the flaky test hunt (gamma)')).toBeVisible();
  const marksFile = join(sandbox.env.XDG_CONFIG_HOME!, 'loopwatch', 'session-marks.json');
  await expect
    .poll(() => readFile(marksFile, 'utf8').catch(() => ''))
    .toContain('the flaky test hunt');

  await page.keyboard.press('/');
  await page.keyboard.type('flaky hunt');
  await expect(table(page).getByRole('row')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  const cli = await run(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'loopwatch.js'), 'nick', 'gamma', 'renamed', 'from', 'the', 'CLI'],
    { env: sandbox.env },
  );
  expect(cli.stdout).toContain('renamed from the CLI');
  await expect(row(page, 'renamed from the CLI (gamma)')).toBeVisible();
  // The CLI finds the session by its nickname afterwards.
  const status = await run(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'loopwatch.js'), 'status', 'renamed from the CLI'],
    { env: sandbox.env },
  );
  expect(status.stdout).toContain('attach:');
  expect(status.stdout).toMatch(/attach -t '?=gamma'?\n/);
});

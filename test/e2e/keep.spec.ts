/**
 * Keep and restore in the dashboard (real Chromium, `loopwatch serve`, real
 * tmux): an ended session stays with its last screen until marked
 * reviewed; a live session's log is switched on and read in the details
 * pane; the restore dialog shows its plan.
 */
import { expect, test } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'keeper', 'sleep 600']);
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

test('an ended session keeps its last screen until marked reviewed', async ({ page }) => {
  await page.goto(serve.tokenUrl);
  const table = page.getByRole('table', { name: 'Sessions' });
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'short-lived',
    "printf 'FINAL-WORDS\\nContinue? [y/N] '; read x",
  ]);
  const row = table.getByRole('row', { name: 'short-lived' });
  // Waiting on its question: the screen was read.
  await expect(row).toContainText('waiting', { timeout: 20_000 });
  await sandbox.tmux(['send-keys', '-t', '=short-lived:', 'y', 'Enter']);
  await expect(row).toContainText('ended');
  await expect(row).toContainText('session ended; exit status unknown');
  await row.click();
  const details = page.getByRole('region', { name: 'Session details' });
  await expect(details.getByRole('group', { name: 'Ended session' })).toContainText('waiting');
  await expect(details.getByLabel('Last lines of the screen')).toContainText('FINAL-WORDS');
  // Nothing to attach to any more.
  await expect(details.getByRole('button', { name: /Open terminal/ })).toHaveCount(0);
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/keep-ended.png`, fullPage: true });
  await details.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(row).toHaveCount(0);
});

test('a session log is switched on and read in the details pane', async ({ page }) => {
  await sandbox.tmux(['new-session', '-d', '-s', 'chatty', 'sh']);
  await page.goto(serve.tokenUrl);
  const table = page.getByRole('table', { name: 'Sessions' });
  await table.getByRole('row', { name: 'chatty' }).click();
  const details = page.getByRole('region', { name: 'Session details' });
  await details.getByText('Output log').click();
  await details.getByRole('button', { name: 'Log this session' }).click();
  await expect(details.getByRole('button', { name: 'Stop logging' })).toBeVisible();
  await sandbox.tmux(['send-keys', '-t', '=chatty:', 'echo LOGGED-$((40+2))', 'Enter']);
  await expect(details.getByLabel('Log tail')).toContainText('LOGGED-42', { timeout: 20_000 });
  await details.getByLabel('Search the log').fill('nothing-like-this');
  await expect(details.getByLabel('Log tail')).toHaveText('(no line matches)');
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/keep-log.png`, fullPage: true });

  // From the log to the terminal: its search bar opens on the same text and finds it there.
  await details.getByLabel('Search the log').fill('LOGGED-42');
  await expect(details.getByLabel('Log tail')).toContainText('LOGGED-42');
  await details.getByRole('button', { name: 'Find in the terminal' }).click();
  const terminal = page.getByRole('tabpanel', { name: 'Terminal: chatty' });
  const find = terminal.getByRole('searchbox', { name: 'Find in terminal' });
  await expect(find).toHaveValue('LOGGED-42');
  // xterm's search addon found it in the terminal's screen and scrollback.
  await expect(terminal.getByRole('search')).toHaveAttribute('data-found', 'true', {
    timeout: 20_000,
  });
  await expect(terminal.getByText('No match')).toHaveCount(0);
});

test('the restore dialog says when there is nothing to restore', async ({ page }) => {
  await page.goto(serve.tokenUrl);
  await page.getByRole('button', { name: 'Restore…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore sessions' });
  await expect(dialog).toContainText('Nothing to restore');
});

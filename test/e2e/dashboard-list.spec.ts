/**
 * The session list against real tmux: status with glyph and word, urgency
 * order (a crash moves a session to the top), search, filters, keyboard
 * navigation, and "mark reviewed".
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SESSION_STATUSES } from '../../preload/contract';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { waitForPaneExit } from '../helpers/paneExit';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess;

/**
 * A pane that exits with `status` once `trigger` exists, kept by tmux
 * (remain-on-exit). The pane ends on its own, as an agent would: a tmux
 * client (send-keys) racing with the exit can make tmux 3.3 lose the
 * pane's exit status now and then.
 */
function exitWhenFileAppears(name: string, status: number, trigger: string): string[] {
  return [
    'new-session',
    '-d',
    '-s',
    name,
    'sh',
    '-c',
    exitScript(name, status, trigger),
    ';',
    'set-option',
    '-w',
    '-t',
    `=${name}:`,
    'remain-on-exit',
    'on',
  ];
}

/** Poll for the trigger file every 0.2 s: cheap, and quick enough for a test. */
function exitScript(name: string, status: number, trigger: string): string {
  return `echo "${name} ready"; while [ ! -e '${trigger}' ]; do sleep 0.2; done; exit ${status}`;
}

const trigger = (name: string): string => join(sandbox.root, `${name}.go`);

test.beforeAll(async () => {
  sandbox = await createSandbox();
  const warehouse = join(sandbox.root, 'projects', 'warehouse-service');
  const nightly = join(sandbox.root, 'projects', 'nightly');
  await mkdir(warehouse, { recursive: true });
  await mkdir(nightly, { recursive: true });
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'beta-worker',
    '-c',
    warehouse,
    'sh',
    '-c',
    'while :; do date; sleep 0.5; done',
  ]);
  await sandbox.tmux(exitWhenFileAppears('zz-will-crash', 3, trigger('zz-will-crash')));
  await sandbox.tmux(exitWhenFileAppears('done-ok', 0, trigger('done-ok')));
  await writeFile(trigger('done-ok'), '');
  await waitForPaneExit(sandbox, 'done-ok');
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'pipeline-nightly',
    '-c',
    nightly,
    'sh',
    '-c',
    'read x',
  ]);
  await sandbox.tmux(['new-session', '-d', '-s', 'review-bot', 'sh', '-c', 'read x'], 'work');
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

const table = (page: Page): Locator => page.getByRole('table', { name: 'Sessions' });
const dataRows = (page: Page): Locator => table(page).locator('[role="row"][data-session-id]');

/** An attribute of every rendered session row, in the rows' order on screen. */
async function inRowOrder(page: Page, attribute: string): Promise<string[]> {
  const rows = await Promise.all(
    (await dataRows(page).all()).map(async (row) => ({
      index: Number(await row.getAttribute('aria-rowindex')),
      value: (await row.getAttribute(attribute)) ?? '',
    })),
  );
  return rows.sort((a, b) => a.index - b.index).map((row) => row.value);
}

const statusesInOrder = (page: Page): Promise<string[]> => inRowOrder(page, 'data-status');
const names = (page: Page): Promise<string[]> => inRowOrder(page, 'aria-label');

test.beforeEach(async ({ page }) => {
  await page.goto(serve.tokenUrl);
  await expect(dataRows(page)).toHaveCount(5);
});

test('rows show each status with glyph and word, most urgent first', async ({ page }) => {
  const done = table(page).getByRole('row', { name: 'done-ok' });
  await expect(done).toContainText('✓');
  await expect(done).toContainText('done');
  await expect(done).toContainText('exited with status 0');
  await expect(done).toHaveAttribute('data-status', 'done');
  await expect(table(page).getByRole('row', { name: 'beta-worker' })).toContainText('working');
  await expect(table(page).getByRole('row', { name: 'pipeline-nightly' })).toContainText(
    'pipeline',
  );
  await expect(table(page)).toHaveAttribute('aria-rowcount', '6');
  const order = await statusesInOrder(page);
  const rank = (s: string): number =>
    SESSION_STATUSES.indexOf(s as (typeof SESSION_STATUSES)[number]);
  expect(order.map(rank)).toEqual([...order.map(rank)].sort((a, b) => a - b));
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dashboard-5-sessions.png` });
  // The OS theme: dark.
  await page.emulateMedia({ colorScheme: 'dark' });
  await table(page).getByRole('row', { name: 'done-ok' }).click();
  await expect(page.getByRole('region', { name: 'Session details' })).toContainText('done-ok');
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dashboard-5-sessions-dark.png` });
});

test('a session that crashes moves to the top, with its reason', async ({ page }) => {
  const row = table(page).getByRole('row', { name: 'zz-will-crash' });
  await expect(row).not.toHaveAttribute('aria-rowindex', '2');
  await writeFile(trigger('zz-will-crash'), '');
  await waitForPaneExit(sandbox, 'zz-will-crash');
  await expect(row).toHaveAttribute('aria-rowindex', '2');
  await expect(row).toContainText('crashed');
  await expect(row).toContainText('exited with status 3');
  await expect(page.getByRole('banner')).toContainText('1 crashed');
});

test('the Problems tab shows dead panes that are problems, with evidence and cleanup plan', async ({
  page,
}) => {
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByRole('list', { name: 'Problems' });
  const crashed = problems.getByRole('listitem', { name: 'zz-will-crash' });
  await expect(crashed).toContainText('dead pane');
  await expect(crashed).toContainText('exited with status 3');
  await expect(crashed).toContainText(
    `Would kill tmux session zz-will-crash on ${sandbox.socket()}`,
  );
  // A clean exit (status 0) is done, not a problem (issue 15).
  await expect(problems.getByRole('listitem', { name: 'done-ok' })).toHaveCount(0);
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dashboard-problems.png` });
});

test('search: / focuses it, it matches names and directories loosely, Esc leaves then clears', async ({
  page,
}) => {
  const search = page.getByRole('searchbox', { name: 'Search sessions' });
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('revbot');
  await expect.poll(() => names(page)).toEqual(['review-bot']);
  await search.fill('warehouse');
  await expect.poll(() => names(page)).toEqual(['beta-worker']);
  await search.fill('no such thing anywhere');
  await expect(page.getByText('No session matches')).toBeVisible();
  // The first Esc leaves the box, keeping the query; the second clears it.
  await page.keyboard.press('Escape');
  await expect(search).not.toBeFocused();
  await expect(search).toHaveValue('no such thing anywhere');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(dataRows(page)).toHaveCount(5);
  // ↓ from the box goes into the results, on the first row.
  await page.keyboard.press('/');
  await page.keyboard.type('revbot');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('table', { name: 'Sessions' })).toBeFocused();
  await expect(page.getByRole('row', { name: 'review-bot' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('filters by status, source and server, each chip with its count', async ({ page }) => {
  const statusChips = page.getByRole('group', { name: 'Status filter' });
  await statusChips.getByRole('button', { name: /^done \(1\)$/ }).click();
  await expect.poll(() => names(page)).toEqual(['done-ok']);
  await statusChips.getByRole('button', { name: /^done/ }).click();
  await expect(dataRows(page)).toHaveCount(5);

  await page
    .getByRole('group', { name: 'Source filter' })
    .getByRole('button', { name: 'pipeline (1)' })
    .click();
  await expect.poll(() => names(page)).toEqual(['pipeline-nightly']);
  await page
    .getByRole('group', { name: 'Source filter' })
    .getByRole('button', { name: /^pipeline/ })
    .click();

  await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'work (1)' });
  await expect.poll(() => names(page)).toEqual(['review-bot']);
  await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'All servers' });
  await expect(dataRows(page)).toHaveCount(5);
});

test('keyboard: arrows, Home, End and PageDown move the selection, details follow', async ({
  page,
}) => {
  const details = page.getByRole('region', { name: 'Session details' });
  const order = await names(page);
  const selected = table(page).locator('[role="row"][aria-selected="true"]');
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('aria-label', order[0]!);
  await expect(details.getByRole('heading', { name: order[0]! })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('aria-label', order[1]!);
  await page.keyboard.press('End');
  await expect(selected).toHaveAttribute('aria-label', order[4]!);
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('aria-label', order[4]!);
  await page.keyboard.press('Home');
  await expect(selected).toHaveAttribute('aria-label', order[0]!);
  await page.keyboard.press('PageDown');
  await expect(selected).toHaveAttribute('aria-label', order[4]!);
  await page.keyboard.press('ArrowUp');
  await expect(selected).toHaveAttribute('aria-label', order[3]!);
  await expect(table(page)).toBeFocused();
  await expect(selected).toHaveCount(1);
});

test('r marks a finished session reviewed; a new status brings it back', async ({ page }) => {
  const row = table(page).getByRole('row', { name: 'done-ok' });
  await row.click();
  await page.keyboard.press('r');
  await expect(row).toHaveCount(0);
  const showReviewed = page.getByRole('button', { name: 'Show reviewed (1)' });
  await showReviewed.click();
  await expect(row).toContainText('reviewed');
  await showReviewed.click();
  await expect(row).toHaveCount(0);

  // The pane runs again, then exits again: a new status, so it wants attention again.
  const again = `${trigger('done-ok')}.again`;
  await sandbox.tmux([
    'respawn-pane',
    '-k',
    '-t',
    '=done-ok:',
    'sh',
    '-c',
    exitScript('done-ok', 0, again),
  ]);
  await expect(row).toBeVisible();
  await writeFile(again, '');
  await waitForPaneExit(sandbox, 'done-ok');
  await expect(row).toContainText('done');
  await expect(row).not.toContainText('reviewed');
});

/**
 * The dashboard's layout with a realistic fleet, at 1024×700 and 1440×900,
 * light and dark: nothing important clipped, the reason gets the room, the
 * agent and the server are shown, no details pane without a selection, a
 * one-line header; every view passes axe (no serious or critical
 * violations, contrast included). Screenshots go to screenshots/ to be
 * looked at.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';
import { FLEET, makeFleet } from './support/fleet';

/** The few DOM facts read here (the e2e project compiles without the DOM library). */
interface Box {
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
  getBoundingClientRect(): { bottom: number };
}

let sandbox: Sandbox;
let serve: ServeProcess;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  await makeFleet(sandbox);
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;

async function loaded(page: Page): Promise<void> {
  await page.goto(serve.tokenUrl);
  await expect(page.getByRole('region', { name: /Needs you/ }).getByRole('article')).toHaveCount(
    FLEET.waiting.length,
  );
  await expect(page.getByRole('row', { name: FLEET.working })).toContainText('working');
}

/** Serious and critical axe violations, as readable lines. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const size of SIZES) {
  for (const theme of THEMES) {
    test(`layout at ${size.width}×${size.height}, ${theme}`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme });
      await loaded(page);
      await page.screenshot({
        path: `${REPO_ROOT}/screenshots/dashboard-${size.width}-${theme}.png`,
      });

      // Status words whole, on every row.
      const clipped = await page.$$eval('.tbody .c-status', (cells) =>
        (cells as unknown as Box[])
          .filter((c) => c.scrollWidth > c.clientWidth)
          .map((c) => c.textContent),
      );
      expect(clipped).toEqual([]);
      // The reason has the most room; no details pane without a selection.
      const width = (selector: string): Promise<number> =>
        page
          .locator(`.tbody .row >> nth=0 >> ${selector}`)
          .evaluate((e) => (e as unknown as Box).clientWidth);
      expect(await width('.c-reason')).toBeGreaterThan(await width('.c-name'));
      await expect(page.getByRole('region', { name: 'Session details' })).toHaveCount(0);
      // The agent, not "plain"; the second server named.
      await expect(page.getByRole('row', { name: 'claude-auth-fix' })).toContainText('Claude');
      await expect(page.locator('.tbody')).not.toContainText('plain');
      await expect(page.locator('.tbody .badge.server')).toHaveText(['@other']);
      // A one-line header.
      const tops = await page.$$eval('.topbar > *', (items) =>
        (items as unknown as Box[]).map((i) => Math.round(i.getBoundingClientRect().bottom)),
      );
      expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(20);

      expect(await axeProblems(page)).toEqual([]);

      // Selected: the details show the question first.
      await page.getByRole('row', { name: 'claude-auth-fix' }).click();
      const details = page.getByRole('region', { name: 'Session details' });
      await expect(details.getByRole('heading', { level: 3 }).first()).toHaveText('Question');
      await expect(details).toContainText('rm -rf build');
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({
        path: `${REPO_ROOT}/screenshots/dashboard-${size.width}-${theme}-details.png`,
      });
    });
  }
}

test('problems are problems: a clean exit is done; cleanup leaves unread endings unchecked', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await loaded(page);
  // Exit 0: done, no "dead pane" tag, not on the Problems tab.
  await expect(page.getByRole('row', { name: FLEET.done })).toContainText('done');
  await expect(page.getByRole('row', { name: FLEET.done })).not.toContainText('dead pane');
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByRole('list', { name: 'Problems' });
  await expect(problems).toContainText(FLEET.crashed);
  await expect(problems).not.toContainText(FLEET.done);
  // Its own style: no dialog marks leaking onto its items.
  const marker = await page.evaluate(
    `getComputedStyle(document.querySelector('[aria-label="Problems"] li'), '::before').content`,
  );
  expect(marker).toBe('none');
  expect(await axeProblems(page)).toEqual([]);
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/problems-1440-light.png` });

  // The crash nobody has read: its cleanup is not checked by default…
  await page.getByRole('tab', { name: /Sessions/ }).click();
  await page.keyboard.press('c');
  const dialog = page.getByRole('dialog', { name: /Clean up/ });
  const crashItem = dialog.locator('.cleanup-item', { hasText: `Dead pane ${FLEET.crashed}` });
  await expect(crashItem).toContainText('nobody has read how it ended yet');
  await expect(crashItem.getByRole('checkbox')).not.toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // …until it is marked reviewed.
  await page.getByRole('row', { name: FLEET.crashed }).click();
  await page.keyboard.press('r');
  await page.getByRole('button', { name: /Show reviewed/ }).click();
  await page.keyboard.press('c');
  await expect(crashItem.getByRole('checkbox')).toBeChecked();
});

test('honest times: sortable headers, one format, and a restart keeps a wait its real age', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await loaded(page);
  const header = (name: string) =>
    page.getByRole('columnheader').filter({ has: page.getByRole('button', { name }) });
  const names = () =>
    page
      .locator('.tbody .row')
      .evaluateAll((rows) =>
        (rows as unknown as { dataset: { index: string }; ariaLabel: string }[])
          .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
          .map((r) => r.ariaLabel),
      );
  await page.getByRole('button', { name: 'Session' }).click();
  await expect(header('Session')).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await names();
  expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
  await page.getByRole('button', { name: 'Session' }).click();
  await expect(header('Session')).toHaveAttribute('aria-sort', 'descending');
  expect(await names()).toEqual([...ascending].reverse());

  // Relative in the cell, absolute in the tooltip.
  const since = page.getByRole('row', { name: 'claude-auth-fix' }).locator('.c-since time');
  await expect(since).toHaveAttribute('title', /^waiting since: /);
  const before = await since.getAttribute('datetime');

  // A restarted supervisor dates the wait from the pane, not from its own start.
  const restartAt = Date.now();
  await serve.stop();
  serve = await startServe(sandbox);
  await loaded(page);
  const after = await page
    .getByRole('row', { name: 'claude-auth-fix' })
    .locator('.c-since time')
    .getAttribute('datetime');
  expect(Date.parse(after!)).toBeLessThan(restartAt);
  expect(Math.abs(Date.parse(after!) - Date.parse(before!))).toBeLessThan(2_000);
});

/**
 * Every dialog of the dashboard passes axe (no serious or critical
 * violations, text contrast included) at 1024×700 and 1440×900, light and
 * dark: start, resume, clean up, agent hooks, restore, ended, settings,
 * kill, bulk kill, and a sweeping answer waiting for its confirmation in
 * the needs-you queue. Real Chromium, `loopwatch serve`, a real fleet.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';
import { FLEET, makeFleet } from './support/fleet';

/** Nine dialogs, each checked by axe: about 40 s on a loaded machine. */
test.describe.configure({ timeout: 180_000 });

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
/** The dialogs the top bar opens, by their button. */
const BAR_DIALOGS = [
  'Start…',
  'Resume…',
  'Clean up…',
  'Agent hooks…',
  'Restore…',
  'Ended…',
  'Settings…',
] as const;

/** Serious and critical axe violations, as readable lines, each under `where`. */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${where}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
}

/** Check the open dialog (it has settled: its own text is drawn), then close it with Escape. */
async function checkDialog(page: Page, name: string, problems: string[]): Promise<void> {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Dialogs load their plan or settings: wait until nothing says "Loading".
  await expect(dialog).not.toContainText(/Loading|Checking/, { timeout: 15_000 });
  problems.push(...(await axeProblems(page, name)));
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
}

for (const size of SIZES) {
  for (const theme of THEMES) {
    test(`dialogs at ${size.width}×${size.height}, ${theme}`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(serve.tokenUrl);
      const queue = page.getByRole('region', { name: /Needs you/ });
      await expect(queue.getByRole('article')).toHaveCount(FLEET.waiting.length);
      const problems: string[] = [];

      for (const button of BAR_DIALOGS) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await checkDialog(page, button, problems);
      }

      // Kill one session, from its details.
      const table = page.getByRole('table', { name: 'Sessions' });
      await table.getByRole('row', { name: FLEET.working }).click();
      await page
        .getByRole('region', { name: 'Session details' })
        .getByRole('button', { name: /^Kill…/ })
        .click();
      if (size.width === 1440 && theme === 'dark')
        await page.screenshot({ path: `${REPO_ROOT}/screenshots/dialog-kill-${theme}.png` });
      await checkDialog(page, 'kill', problems);

      // Kill several: marked with Space, then the bulk bar's Kill.
      await table.getByRole('row', { name: FLEET.working }).click();
      await page.keyboard.press(' ');
      await page.keyboard.press('Shift+ArrowDown');
      const marked = page.getByRole('toolbar', { name: 'Marked sessions' });
      await expect(marked).toContainText('2 marked');
      await marked.getByRole('button', { name: /^Kill…/ }).click();
      await checkDialog(page, 'bulk kill', problems);
      await marked.getByRole('button', { name: /Unmark|Clear/ }).click();

      // A sweeping answer in the queue, waiting for its second confirmation.
      const card = queue.getByRole('article').filter({ hasText: FLEET.waiting[0] });
      await card.getByRole('button', { name: /don't ask again/ }).click();
      await expect(card.getByRole('button', { name: 'Confirm', exact: true })).toBeVisible();
      problems.push(...(await axeProblems(page, 'confirm answer')));

      expect(problems).toEqual([]);
    });
  }
}

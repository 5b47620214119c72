/**
 * The terminal dock and the way back from it: watch mode keeps the
 * cursor's line (the question at the bottom of a tall window) in view; the
 * dock resizes, collapses and maximises under a header that never scrolls
 * away; Ctrl+Shift+L returns from a terminal to the session list.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess;

/** 75 lines of output, then a question on the last row of an 80-row window. */
const TALL = `
i=0; while [ $i -lt 75 ]; do i=$((i+1)); echo "line $i"; done
printf 'QUESTION-AT-THE-BOTTOM [y/N] '
read a
sleep 600
`;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  sandbox.env.HISTFILE = '/dev/null';
  const script = join(sandbox.root, 'tall.sh');
  await writeFile(script, TALL);
  await sandbox.tmux(['new-session', '-d', '-x', '100', '-y', '80', '-s', 'tall', 'bash', script]);
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

async function openWatch(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(serve.tokenUrl);
  await page.getByRole('table', { name: 'Sessions' }).getByRole('row', { name: 'tall' }).click();
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByRole('tabpanel', { name: 'Terminal: tall' })).toBeVisible();
}

/** The few DOM facts read here (the e2e project compiles without the DOM library). */
interface Box {
  getBoundingClientRect(): { top: number; height: number };
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  loopwatchTerminal: { lines(): string[] };
}

const dockHeight = (page: Page): Promise<number> =>
  page
    .getByRole('region', { name: 'Terminals' })
    .evaluate((e) => (e as unknown as Box).getBoundingClientRect().height);
const headerTop = (page: Page): Promise<number> =>
  page.locator('.topbar').evaluate((e) => (e as unknown as Box).getBoundingClientRect().top);

test('watch mode keeps the bottom of a tall window, where the question is, in view', async ({
  page,
}) => {
  await openWatch(page);
  const screen = page.getByRole('tabpanel', { name: 'Terminal: tall' }).locator('.terminal-screen');
  await expect
    .poll(() =>
      screen.evaluate((element) => {
        const el = element as unknown as Box;
        const probe = el.loopwatchTerminal;
        const asked = probe.lines().some((l) => l.includes('QUESTION-AT-THE-BOTTOM'));
        const taller = el.scrollHeight > el.clientHeight + 50;
        const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 30;
        return asked && taller && atBottom;
      }),
    )
    .toBe(true);
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dock-watch-bottom.png` });
});

test('the dock resizes, collapses and maximises; the header stays put', async ({ page }) => {
  await openWatch(page);
  const start = await dockHeight(page);
  expect(start).toBeGreaterThan(150);
  expect(start).toBeLessThan(800 * 0.5);

  const handle = page.getByRole('separator', { name: /Resize terminals/ });
  await handle.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => dockHeight(page)).toBeGreaterThan(start + 60);

  const dock = page.getByRole('region', { name: 'Terminals' });
  await dock.getByRole('button', { name: 'Collapse' }).click();
  await expect.poll(() => dockHeight(page)).toBeLessThan(60);
  await expect(dock.getByRole('tabpanel')).toBeHidden();
  await dock.getByRole('button', { name: 'Show terminals' }).click();
  await dock.getByRole('button', { name: 'Maximise' }).click();
  await expect.poll(() => dockHeight(page)).toBeGreaterThan(800 - 100);
  // The header with the counts is never scrolled away, whatever the dock does.
  expect(await headerTop(page)).toBeGreaterThanOrEqual(0);
  expect(await page.evaluate('window.scrollY')).toBe(0);
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dock-maximised.png` });
  await dock.getByRole('button', { name: 'Restore' }).click();
  await expect.poll(() => dockHeight(page)).toBeLessThan(800 * 0.6);
});

test('Ctrl+Shift+L goes from a terminal back to the session list', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(serve.tokenUrl);
  await page.getByRole('table', { name: 'Sessions' }).getByRole('row', { name: 'tall' }).dblclick();
  const panel = page.getByRole('tabpanel', { name: 'Terminal: tall' });
  await expect(panel.getByRole('button', { name: 'Detach' })).toBeEnabled();
  await panel.locator('.terminal-screen').click();
  await expect
    .poll(() => page.evaluate("!!document.activeElement?.closest('.terminal-screen')"))
    .toBe(true);
  await page.keyboard.press('Control+Shift+L');
  await expect(page.getByRole('table', { name: 'Sessions' })).toBeFocused();
  // The list keys work again at once.
  await page.keyboard.press('ArrowDown');
  await expect(
    page.getByRole('table', { name: 'Sessions' }).getByRole('row', { name: 'tall' }),
  ).toHaveAttribute('aria-selected', 'true');
});

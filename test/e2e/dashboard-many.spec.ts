/**
 * The list from nothing to 500 sessions: the empty state says how to start
 * one; 500 real tmux sessions (long names, long directories, unicode) are
 * virtualized (a few dozen DOM rows) and the keyboard reaches all of them.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createSandbox, eventually, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

const COUNT = 500;
/** Sessions created per tmux invocation (commands chained with ";"): one process per batch. */
const BATCH = 100;

let sandbox: Sandbox;
let serve: ServeProcess;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  const pid = Number(
    (await sandbox.tmux(['display-message', '-p', '#{pid}']).catch(() => '')).trim(),
  );
  await sandbox.cleanup();
  // kill-server returns before a server with 500 panes has finished exiting: wait for it.
  if (pid > 0) await eventually(() => !alive(pid), `tmux server ${pid} to exit`);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sessionName(i: number): string {
  if (i === 7) return `a-very-long-session-name-that-keeps-going-${'and-going-'.repeat(8)}end`;
  if (i === 8) return 'résumé-日本語-🚀-agent';
  return `agent-${String(i).padStart(3, '0')}`;
}

test('no sessions: the empty state says how to start one; then 500 arrive', async ({ page }) => {
  await page.goto(serve.tokenUrl);
  const empty = page.getByRole('region', { name: 'No sessions' });
  await expect(empty).toContainText('tmux new -s my-agent claude');
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dashboard-0-sessions.png` });

  const deep = join(
    sandbox.root,
    'projects',
    ...Array.from({ length: 12 }, (_, i) => `level-${i}-of-a-deep-tree`),
    'the-project',
  );
  await mkdir(deep, { recursive: true });
  for (let start = 0; start < COUNT; start += BATCH) {
    const args: string[] = [];
    for (let i = start; i < Math.min(COUNT, start + BATCH); i++) {
      if (args.length) args.push(';');
      const dir = i % 50 === 3 ? ['-c', deep] : [];
      // `cat` waits on the terminal: one small process per session, no output.
      args.push('new-session', '-d', '-s', sessionName(i), ...dir, 'cat');
    }
    await sandbox.tmux(args);
  }

  const table = page.getByRole('table', { name: 'Sessions' });
  await expect(table).toHaveAttribute('aria-rowcount', String(COUNT + 1), { timeout: 30_000 });
  const rendered = await table.locator('[role="row"][data-session-id]').count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(100);

  const long = table.getByRole('row', { name: sessionName(7) });
  await expect(long.locator('.name')).toHaveAttribute('title', new RegExp(`^${sessionName(7)}`));
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dashboard-500-sessions.png` });

  // The keyboard reaches the last row; the virtualizer brings it into view.
  await page.keyboard.press('End');
  const selected = table.locator('[role="row"][aria-selected="true"]');
  await expect(selected).toHaveAttribute('aria-rowindex', String(COUNT + 1));
  await expect(selected).toBeInViewport();
  await page.keyboard.press('PageUp');
  await expect(selected).toBeInViewport();
  expect(Number(await selected.getAttribute('aria-rowindex'))).toBeLessThan(COUNT + 1);
  await page.keyboard.press('Home');
  await expect(selected).toHaveAttribute('aria-rowindex', '2');
  await expect(selected).toBeInViewport();
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dashboard-500-details.png` });

  const search = page.getByRole('searchbox', { name: 'Search sessions' });
  await search.fill('agent-250');
  await expect(table).toHaveAttribute('aria-rowcount', '2');
  await expect(table.getByRole('row', { name: 'agent-250' })).toBeVisible();
  // Unicode, searched without its accents.
  await search.fill('resume 日本');
  await expect(table).toHaveAttribute('aria-rowcount', '2');
  await expect(table.getByRole('row', { name: sessionName(8) })).toBeVisible();
});

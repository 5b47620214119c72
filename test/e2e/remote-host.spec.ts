/**
 * A remote host's session in the dashboard, end to end: Chromium against
 * the built `loopwatch serve --host alpha=alpha`, the host a network
 * namespace with its own sshd and tmux (test/helpers/netns.ts). The row's
 * live terminal types into the pane on the host, and its kill runs there,
 * the history saved on this machine.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { historyDir } from '../../main/core/actions/history';
import { createHostLab, labSupport, type HostLab } from '../helpers/netns';
import { createSandbox, eventually, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

const noLab = await labSupport();

let sandbox: Sandbox;
let lab: HostLab;
let serve: ServeProcess;
const pageErrors: string[] = [];

/** What the page's terminal probe offers (renderer/src/terminal/probe.ts). */
interface Probe {
  lines(): string[];
}

test.skip(noLab !== null, `remote hosts cannot be made here: ${noLab ?? ''}`);

test.beforeAll(async () => {
  sandbox = await createSandbox();
  lab = await createHostLab([{ name: 'alpha' }]);
  await lab.tmux('alpha', [
    'new-session',
    '-d',
    '-s',
    'on-alpha',
    '-x',
    '80',
    '-y',
    '24',
    'printf "REMOTE> "; exec cat',
  ]);
  serve = await startServe(sandbox, ['--host', 'alpha=alpha', '--ssh-config', lab.sshConfig]);
});

test.afterAll(async () => {
  const made = { serve, lab, sandbox } as Partial<{
    serve: ServeProcess;
    lab: HostLab;
    sandbox: Sandbox;
  }>;
  await made.serve?.stop();
  await made.lab?.cleanup();
  await made.sandbox?.cleanup();
});

test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

async function screenText(page: Page): Promise<string> {
  const handle = await page
    .getByRole('tabpanel', { name: 'Terminal: on-alpha' })
    .locator('.terminal-screen')
    .evaluateHandle(
      (element) => (element as unknown as { loopwatchTerminal: Probe }).loopwatchTerminal,
    );
  try {
    return (await handle.evaluate((probe) => probe.lines())).join('\n');
  } finally {
    await handle.dispose();
  }
}

test('a remote row: its terminal types into the pane on the host, and its kill runs there', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(serve.tokenUrl);
  const table = page.getByRole('table', { name: 'Sessions' });
  const row = table.getByRole('row', { name: 'on-alpha', exact: true });
  await expect(row).toContainText('alpha');

  // Double-click: an interactive terminal, its control client on the host over ssh.
  await row.dblclick();
  const panel = page.getByRole('tabpanel', { name: 'Terminal: on-alpha' });
  await expect(panel.getByRole('button', { name: 'Detach' })).toBeEnabled();
  await expect.poll(() => screenText(page)).toContain('REMOTE>');
  await page.keyboard.type('typed-in-the-browser\n');
  await eventually(
    async () =>
      (await lab.tmux('alpha', ['capture-pane', '-p', '-t', '=on-alpha:'])).includes(
        'typed-in-the-browser',
      ),
    'the keys on the host',
  );
  await expect.poll(() => screenText(page)).toContain('typed-in-the-browser');
  await page.screenshot({ path: join(REPO_ROOT, 'screenshots', 'remote-terminal.png') });
  await panel.getByRole('button', { name: 'Detach' }).click();

  // `k` on the row: the plan is read on the host, the kill runs there, the history is saved here.
  await row.click();
  await page.keyboard.press('k');
  const dialog = page.getByRole('dialog', { name: 'Kill on-alpha?' });
  await expect(dialog).toContainText(/will end tmux session =on-alpha on .* on host alpha: /);
  await dialog.getByRole('button', { name: 'Kill session' }).click();
  await expect(dialog.getByRole('status')).toContainText('its screen and scrollback are in');
  await expect(lab.tmux('alpha', ['has-session', '-t', '=on-alpha'])).rejects.toThrow();
  const saved = (await readdir(historyDir(sandbox.env))).find((f) => f.startsWith('on-alpha-'));
  expect(await readFile(join(historyDir(sandbox.env), saved!), 'utf8')).toContain(
    'typed-in-the-browser',
  );
});

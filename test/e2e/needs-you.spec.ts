/**
 * The needs-you queue against real tmux: waiting sessions on top with their
 * question and answers; one key answers exactly that pane; sweeping answers
 * ask a second time; a question that changed is refused, not answered.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { startServe, type ServeProcess } from '../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess;

/** A Claude-style permission box that reads one key, clears, prints it, then asks again. */
const MENU_SCRIPT = `
ask() {
  clear
  printf '%s\\n' 'Bash command' '' "  $1" '' 'Do you want to proceed?' \\
    '❯ 1. Yes' "  2. Yes, and don't ask again for rm commands" \\
    '  3. No, and tell Claude what to do differently (esc)'
  IFS= read -rsn1 k
  # Answered: the box goes, as Claude Code's does (18a's rules read a box anywhere on screen).
  clear
  echo "got [$k]"
}
ask 'rm -rf build'
sleep 1
ask 'rm -rf dist'
sleep 600
`;

test.beforeAll(async () => {
  sandbox = await createSandbox();
  sandbox.env = { ...sandbox.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const menu = join(sandbox.root, 'menu.sh');
  await writeFile(menu, MENU_SCRIPT);
  await sandbox.tmux(['-u', 'new-session', '-d', '-s', 'asker', 'bash', menu]);
  // Named Claude's (as a wrapper would): the claude detection rules read its permission box.
  await sandbox.tmux(['set-option', '-p', '-t', '=asker:', '@loopwatch-agent', 'claude']);
  await sandbox.tmux(['new-session', '-d', '-s', 'quiet', 'sh', '-c', 'read x']);
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

const paneText = (): Promise<string> => sandbox.tmux(['capture-pane', '-p', '-t', '=asker:']);

test('answers a question from the queue with one key, asking twice for a sweeping answer', async ({
  page,
}) => {
  await page.goto(serve.tokenUrl);
  const queue = page.getByRole('region', { name: /Needs you/ });
  const card = queue.getByRole('article', { name: 'asker is waiting' });
  await expect(card).toContainText('rm -rf build');
  await expect(card).toContainText('Do you want to proceed?');
  await expect(card.getByRole('button', { name: /Yes, and don't ask again/ })).toBeVisible();
  await expect(queue.getByRole('article')).toHaveCount(1);

  // Sweeping: the first press asks, Esc drops it, nothing reached the pane.
  await card.focus();
  await page.keyboard.press('2');
  await expect(card.getByRole('alert')).toContainText('goes beyond this one request');
  await page.keyboard.press('Escape');
  await expect(card.getByRole('alert')).toHaveCount(0);
  expect(await paneText()).not.toContain('got [');

  // One key answers: the pane gets exactly "1"; the next question shows in its place.
  await page.keyboard.press('1');
  await expect.poll(paneText).toContain('got [1]');
  await expect(card).toContainText('rm -rf dist');

  // Click, then confirm a sweeping answer: sent with the second confirmation.
  await card.getByRole('button', { name: /Yes, and don't ask again/ }).click();
  await card.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect.poll(paneText).toContain('got [2]');
  await expect(queue).toHaveCount(0);
  // The other session never got a key.
  expect(await sandbox.tmux(['capture-pane', '-p', '-t', '=quiet:'])).not.toMatch(/[12]/);
});

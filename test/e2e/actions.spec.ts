import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { historyDir } from '../../main/core/actions/history';
import { createFakeProject, nudgeTmuxServer } from '../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

const SHOTS = join(REPO_ROOT, 'screenshots');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

let sandbox: Sandbox;
let serve: ServeProcess;
let project: string;

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

test.beforeAll(async () => {
  sandbox = await createSandbox();
  project = await createFakeProject(sandbox, 'webapp');
  // A crashed run's leftovers: its lock (holder long gone) and a state that still says running.
  await writeJson(join(project, '.claude', 'locks', 'crashed-run.lock'), {
    session: 'crashed-run',
    // A process that has come and gone.
    pid: spawnSync('true').pid,
    started_at: iso(Date.now() - 5 * HOUR),
  });
  await writeJson(join(project, '.claude', 'pipeline-runs', 'crashed-run', 'state.json'), {
    session: 'crashed-run',
    type: 'loop',
    status: 'running',
    iteration: 4,
  });
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'victim',
    '-x',
    '80',
    '-y',
    '12',
    'seq 1 200; echo VICTIM-SCREEN; exec sleep 600',
  ]);
  await sandbox.tmux(['new-session', '-d', '-s', 'victim-2']);
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'tests-failed',
    'echo 3 tests failed; sleep 0.2; exit 3',
    ';',
    'set-option',
    '-w',
    '-t',
    '=tests-failed:',
    'remain-on-exit',
    'on',
  ]);
  await eventually(async () => {
    await nudgeTmuxServer(sandbox);
    const out = await sandbox.tmux([
      'list-panes',
      '-t',
      '=tests-failed:',
      '-F',
      '#{pane_dead}#{pane_dead_status}',
    ]);
    return out.trim() === '13';
  }, 'the failing job to exit');
  serve = await startServe(sandbox, ['--project-root', project]);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

test('the cleanup plan lists each problem with evidence and applies only the checked ones', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(serve.tokenUrl);
  await page.getByRole('button', { name: 'Clean up…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Clean up' });
  const staleLock = dialog.getByRole('checkbox', { name: /Stale lock of run crashed-run/ });
  const zombie = dialog.getByRole('checkbox', { name: /Zombie state of run crashed-run/ });
  const deadPane = dialog.getByRole('checkbox', { name: /Dead pane tests-failed:0\.0/ });
  await expect(staleLock).toBeChecked();
  await expect(zombie).toBeChecked();
  // An ending nobody has read yet (not reviewed, not viewed) starts unchecked (issue 15).
  await expect(deadPane).not.toBeChecked();
  await deadPane.check();
  await expect(
    dialog.getByRole('list', { name: /Evidence: Stale lock of run crashed-run/ }),
  ).toContainText('is not running');
  await expect(
    dialog.getByRole('list', { name: /Evidence: Dead pane tests-failed/ }),
  ).toContainText('exited with status 3');
  await zombie.uncheck();
  await page.screenshot({ path: join(SHOTS, 'actions-cleanup-plan.png'), fullPage: true });

  await dialog.getByRole('button', { name: 'Clean up 2 selected' }).click();
  const results = dialog.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await expect(results).toContainText(/done Stale lock of run crashed-run/);
  await expect(results).toContainText(/done Dead pane tests-failed:0\.0 .*history in/);
  await page.screenshot({ path: join(SHOTS, 'actions-cleanup-results.png'), fullPage: true });

  // On disk: exactly what was checked.
  await expect(stat(join(project, '.claude', 'locks', 'crashed-run.lock'))).rejects.toThrow();
  const state = JSON.parse(
    await readFile(join(project, '.claude', 'pipeline-runs', 'crashed-run', 'state.json'), 'utf8'),
  ) as { status: string };
  expect(state.status).toBe('running');
  // Its session was killed: the row stays, marked ended, until reviewed.
  await expect(
    page.getByRole('table', { name: 'Sessions' }).getByRole('row', { name: 'tests-failed' }),
  ).toContainText('ended');
});

test('the kill confirmation says what ends and that history is saved first', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(serve.tokenUrl);
  const table = page.getByRole('table', { name: 'Sessions' });
  await expect(table.getByRole('row', { name: 'victim', exact: true })).toBeVisible();
  // Select the row, then `k` asks to kill it.
  await table.getByRole('row', { name: 'victim', exact: true }).click();
  await page.keyboard.press('k');
  const dialog = page.getByRole('dialog', { name: 'Kill victim?' });
  await expect(dialog).toContainText(
    /will end tmux session =victim on .*: 1 pane running sleep \(pid \d+\)/,
  );
  await expect(dialog).toContainText(
    `Its screen and scrollback are saved to ${historyDir(sandbox.env)} first`,
  );
  await page.screenshot({ path: join(SHOTS, 'actions-kill-confirm.png'), fullPage: true });

  await dialog.getByRole('button', { name: 'Kill session' }).click();
  await expect(dialog.getByRole('status')).toContainText('its screen and scrollback are in');
  // Killed: its row stays as an ended session until reviewed.
  await expect(table.getByRole('row', { name: 'victim', exact: true })).toContainText(
    'session ended',
  );
  await expect(table.getByRole('row', { name: 'victim-2' })).toBeVisible();
  const files = await readdir(historyDir(sandbox.env));
  const saved = files.find((f) => f.startsWith('victim-'))!;
  expect(await readFile(join(historyDir(sandbox.env), saved), 'utf8')).toContain('VICTIM-SCREEN');
});

test('the start dialog shows the command, starts a run, and the run appears', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 950 });
  await page.goto(serve.tokenUrl);
  await page.getByRole('button', { name: 'Start…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a session' });
  await dialog.getByRole('textbox', { name: /^Project folder/ }).fill(project);
  await dialog.getByRole('textbox', { name: /^Name/ }).fill('Bad Name');
  await expect(dialog.getByRole('list', { name: 'Problems' })).toContainText(
    'is not a valid run name',
  );
  await expect(dialog.getByRole('button', { name: 'Start' })).toBeDisabled();
  await dialog.getByRole('textbox', { name: /^Name/ }).fill('web-run');
  await dialog.getByRole('spinbutton', { name: /Most iterations/ }).fill('3');
  await dialog.getByRole('combobox', { name: 'Provider' }).selectOption('codex');
  await expect(dialog.getByRole('region', { name: 'What will run' })).toContainText(
    './scripts/run.sh ralph web-run 3 --provider=codex',
  );
  await expect(dialog.getByRole('button', { name: 'Start' })).toBeEnabled();
  await page.screenshot({ path: join(SHOTS, 'actions-start.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(dialog.getByRole('status')).toContainText('started run web-run');
  await expect(
    page.getByRole('table', { name: 'Sessions' }).getByRole('row', { name: 'pipeline-web-run' }),
  ).toBeVisible();
});

test('agent hooks: status per event, install', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(serve.tokenUrl);
  await page.getByRole('button', { name: 'Agent hooks…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Agent hooks: Claude Code' });
  await expect(dialog.getByRole('table', { name: 'Hook events' }).getByRole('row')).toHaveCount(9);
  await dialog.getByRole('button', { name: 'Install', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText("installed Loopwatch's hooks");
  await page.screenshot({ path: join(SHOTS, 'actions-hooks.png'), fullPage: true });
  const settings = JSON.parse(
    await readFile(join(sandbox.env.HOME!, '.claude', 'settings.json'), 'utf8'),
  ) as {
    hooks: Record<string, unknown>;
  };
  expect(Object.keys(settings.hooks)).toContain('PermissionRequest');
});

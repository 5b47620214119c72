/**
 * The details pane against real tmux and a fixture pipeline project laid
 * out as the pipelines write it: evidence, the live screen, lock, state,
 * events and progress files, and the commands to check it by hand.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createPipelineProject, type PipelineFixture } from '../helpers/pipelineFixture';
import { createSandbox, eventually, type Sandbox } from '../helpers/sandbox';
import { waitForPaneExit } from '../helpers/paneExit';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess;
let live: PipelineFixture;
let lockPid: number;

/** A pid that certainly belongs to no process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

test.beforeAll(async () => {
  sandbox = await createSandbox();
  // A space in the project path: the copied commands must quote it.
  const projectDir = join(sandbox.root, 'projects', 'my app');
  await mkdir(projectDir, { recursive: true });
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'pipeline-auth-flow',
    '-c',
    projectDir,
    'sh',
    '-c',
    'echo "agent: iteration 3, building the login form"; read x',
  ]);
  lockPid = Number(
    (
      await sandbox.tmux(['display-message', '-p', '-t', '=pipeline-auth-flow:', '#{pane_pid}'])
    ).trim(),
  );
  live = await createPipelineProject(projectDir, 'auth-flow', {
    lock: { pid: lockPid, started_at: '2026-01-02T03:04:05Z' },
    state: {
      type: 'pipeline',
      current_stage: 1,
      iteration: 3,
      iteration_completed: 2,
      stages: [
        { index: 0, name: 'plan', status: 'complete', timestamp: '2026-01-02T03:05:00Z' },
        { index: 1, name: 'build', status: 'running', timestamp: '2026-01-02T03:09:00Z' },
      ],
    },
    events: [
      { type: 'start', session: 'auth-flow', ts: '2026-01-02T03:04:05Z' },
      { type: 'progress', iteration: 2, ts: '2026-01-02T03:08:00Z' },
      {
        type: 'decision',
        decision: 'continue',
        reason: 'tests still failing',
        ts: '2026-01-02T03:09:00Z',
      },
    ],
    progress: '# Progress\n\n- iteration 1: scaffolded the form\n- iteration 2: wired the API\n',
  });
  await createPipelineProject(projectDir, 'old-run', { lock: { pid: deadPid() } });
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'pipeline-old-run',
    '-c',
    projectDir,
    'sh',
    '-c',
    'read x',
  ]);
  // A pane that dies with status 3 on its own and stays (remain-on-exit) with its last screen.
  const crash = join(sandbox.root, 'crash.go');
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'crashy',
    'sh',
    '-c',
    `echo "fatal: out of cheese"; while [ ! -e '${crash}' ]; do sleep 0.2; done; exit 3`,
    ';',
    'set-option',
    '-w',
    '-t',
    '=crashy:',
    'remain-on-exit',
    'on',
  ]);
  await writeFile(crash, '');
  await waitForPaneExit(sandbox, 'crashy');
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

async function openDetails(page: Page, name: string) {
  await page.goto(serve.tokenUrl);
  const table = page.getByRole('table', { name: 'Sessions' });
  await table.getByRole('row', { name }).click();
  const details = page.getByRole('region', { name: 'Session details' });
  await expect(details.getByRole('heading', { name })).toBeVisible();
  return { table, details };
}

test('details show the evidence, the live screen and the pipeline files', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { table, details } = await openDetails(page, 'pipeline-auth-flow');
  await expect(table.getByRole('row', { name: 'pipeline-auth-flow' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  await expect(details.getByRole('table', { name: 'Status evidence' })).toContainText('activity');
  const screen = details.getByLabel('Last lines of the screen');
  await expect(screen).toContainText('agent: iteration 3, building the login form');
  // Live: what the pane shows next appears without any click.
  await sandbox.tmux(['send-keys', '-t', '=pipeline-auth-flow:', '-l', 'typed-into-the-pane']);
  await expect(screen).toContainText('typed-into-the-pane');

  const lock = details.getByRole('definition').filter({ hasText: String(lockPid) });
  await expect(lock).toHaveCount(1);
  await expect(details.getByLabel('Lock file', { exact: true })).toContainText(
    'yes, the process is running',
  );
  const state = details.getByLabel('State file', { exact: true });
  await expect(state).toContainText('running');
  await expect(state).toContainText('3 (2 completed)');
  await expect(state).toContainText('build (2 of 2)');
  await expect(details.getByLabel('Events tail')).toContainText('tests still failing');
  await expect(details.getByLabel('Progress tail')).toContainText('iteration 2: wired the API');

  await page.screenshot({ path: `${REPO_ROOT}/screenshots/dashboard-details.png` });

  const commands = details.getByRole('list', { name: 'Commands' });
  const socket = sandbox.socket();
  const attach = `tmux -S ${socket} attach -t '=pipeline-auth-flow'`;
  await expect(commands).toContainText(attach);
  await expect(commands).toContainText(`cat '${live.state}'`);
  await details.getByRole('button', { name: 'Copy: Attach' }).click();
  await expect(details.getByRole('button', { name: 'Copy: Attach' })).toContainText('Copied');
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(attach);

  // Looked at long enough: recorded as viewed, in main's marks file.
  const marksFile = join(sandbox.env.XDG_CONFIG_HOME!, 'loopwatch', 'session-marks.json');
  const marks = await eventually(async () => {
    const text = await readFile(marksFile, 'utf8').catch(() => '');
    // Pipeline runs are keyed by project and run name (pipeline:DIR:auth-flow).
    return text.includes(':auth-flow') ? (JSON.parse(text) as unknown) : null;
  }, 'the viewed mark on disk');
  expect(JSON.stringify(marks)).toContain('viewedAt');
  await expect(
    table.getByRole('row', { name: 'pipeline-auth-flow' }).locator('.c-viewed'),
  ).toHaveText(/now|s ago/);
});

test('a lock whose process is gone reads as stale', async ({ page }) => {
  const { details } = await openDetails(page, 'pipeline-old-run');
  await expect(details.getByLabel('Lock file', { exact: true })).toContainText('no: stale lock');
});

test('a crashed pane keeps its last screen and says why it crashed', async ({ page }) => {
  const { table, details } = await openDetails(page, 'crashy');
  await expect(table.getByRole('row', { name: 'crashy' })).toContainText('crashed');
  await expect(details.getByLabel('Last lines of the screen')).toContainText(
    'fatal: out of cheese',
  );
  await expect(details).toContainText('Last screen of the exited pane');
  await expect(details.getByRole('table', { name: 'Status evidence' })).toContainText(
    'exited with status 3',
  );
});

/**
 * A pipeline run on a remote host from the dashboard, end to end: Chromium
 * against the built `loopwatch serve --host alpha=alpha`, the host a
 * network namespace with its own sshd and tmux (test/helpers/netns.ts),
 * the fake pipeline engine in a project there. "Start…" starts the run on
 * the host (Machine: alpha), its row appears labelled with the host; once
 * it has crashed, "Resume…" lists it as alpha's and resumes it there.
 */
import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createHostLab, labSupport, type HostLab } from '../helpers/netns';
import { engineLaunches, processExists } from '../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

const noLab = await labSupport();
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'pipeline-engine');

let sandbox: Sandbox;
let lab: HostLab;
let serve: ServeProcess;
let project = '';
const pageErrors: string[] = [];

test.skip(noLab !== null, `remote hosts cannot be made here: ${noLab ?? ''}`);

test.beforeAll(async () => {
  sandbox = await createSandbox();
  lab = await createHostLab([{ name: 'alpha' }]);
  // The host's files: namespaces share the file system, so the test writes them directly.
  project = join(lab.host('alpha').root, 'home', 'web-project');
  await mkdir(project, { recursive: true });
  await cp(FIXTURE, project, { recursive: true });
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

const hostSessions = async (): Promise<string[]> =>
  (await lab.tmux('alpha', ['list-sessions', '-F', '#{session_name}']).catch(() => ''))
    .split('\n')
    .filter(Boolean);

test('Start… runs a pipeline on the host; Resume… lists it as the host’s and resumes it there', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1100, height: 950 });
  await page.goto(serve.tokenUrl);
  await expect(page.getByRole('list', { name: 'Hosts' })).toContainText('alpha');

  await page.getByRole('button', { name: 'Start…' }).click();
  const start = page.getByRole('dialog', { name: 'Start a session' });
  await start.getByRole('combobox', { name: /^Machine/ }).selectOption('alpha');
  await start.getByRole('textbox', { name: /^Project folder/ }).fill(project);
  await start.getByRole('textbox', { name: /^Name/ }).fill('web-remote');
  await start.getByRole('spinbutton', { name: /Most iterations/ }).fill('4');
  const plan = start.getByRole('region', { name: 'What will run' });
  await expect(plan).toContainText('./scripts/run.sh ralph web-remote 4');
  await expect(plan).toContainText('on host alpha');
  await start.getByRole('button', { name: 'Start' }).click();
  await expect(start.getByRole('status')).toContainText(
    /started run web-remote: tmux session pipeline-web-remote on .* on host alpha/,
  );
  expect(await hostSessions()).toContain('pipeline-web-remote');
  await start.getByRole('button', { name: 'Close' }).last().click();
  const row = page
    .getByRole('table', { name: 'Sessions' })
    .getByRole('row', { name: /pipeline-web-remote|web-remote/ })
    .first();
  await expect(row).toContainText('alpha');

  // The engine dies on the host: a crashed run there.
  const lockPath = join(project, '.claude', 'locks', 'web-remote.lock');
  const lock = await eventually(
    async () =>
      JSON.parse(await readFile(lockPath, 'utf8').catch(() => 'null')) as { pid: number } | null,
    'the run’s lock on the host',
  );
  process.kill(lock.pid, 'SIGKILL');
  await eventually(
    async () => !processExists(lock.pid) && !(await hostSessions()).includes('pipeline-web-remote'),
    'the run crashed on the host',
  );

  await page.getByRole('button', { name: 'Resume…' }).click();
  const resume = page.getByRole('dialog', { name: 'Resume a pipeline run' });
  const item = resume.getByRole('listitem', { name: 'alpha:web-remote' });
  await expect(item).toContainText('crashed');
  await item.getByRole('button', { name: 'Resume' }).click();
  await expect(item).toContainText('./scripts/run.sh ralph web-remote 4 --resume');
  await expect(item).toContainText('on host alpha');
  await page.screenshot({ path: join(REPO_ROOT, 'screenshots', 'remote-resume.png') });
  await item.getByRole('button', { name: 'Resume' }).click();
  await expect(item.getByRole('status')).toContainText(
    /resumed run web-remote: tmux session pipeline-web-remote on .* on host alpha/,
  );
  expect((await engineLaunches(project)).at(-1)).toEqual(['ralph', 'web-remote', '4', '--resume']);
  expect(await hostSessions()).toContain('pipeline-web-remote');
});

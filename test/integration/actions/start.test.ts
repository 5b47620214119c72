import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSchema } from '../../../preload/contract';
import { readAudit } from '../../../main/core/actions/auditLog';
import { listRunRecords } from '../../../main/core/actions/runRecords';
import {
  cli,
  crashRun,
  createFakeProject,
  engineCalls,
  engineLaunches,
  nudgeTmuxServer,
} from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

describe('loopwatch start (real tmux, fake pipeline engine)', () => {
  let sandbox: Sandbox;
  let project: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    project = await createFakeProject(sandbox, 'alpha');
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('starts a run with run.sh from the project dir and the supervisor lists it', async () => {
    const result = await cli(sandbox, [
      'start',
      '--dir',
      project,
      'ralph',
      'auth',
      '3',
      '--provider=codex',
      '--model=o3',
      '--context',
      'Focus on "errors" & $(edge) cases',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      `In ${project}: ./scripts/run.sh ralph auth 3 --provider=codex --model=o3`,
    );
    expect(result.out).toMatch(/started run auth: tmux session pipeline-auth on .*default/);

    const list = await cli(sandbox, ['list', '--json']);
    const snapshot = SnapshotSchema.parse(JSON.parse(list.out));
    expect(snapshot.sessions.find((s) => s.name === 'pipeline-auth')).toMatchObject({
      source: 'pipeline',
      projectDir: project,
      live: true,
    });
    // The engine got the exact arguments, the context text as one argument.
    const calls = await engineCalls(project);
    expect(calls[0]).toEqual([
      'ralph',
      'auth',
      '3',
      '--provider=codex',
      '--model=o3',
      '--context=Focus on "errors" & $(edge) cases',
    ]);
    const lock = JSON.parse(
      await eventually(
        () => readFile(join(project, '.claude', 'locks', 'auth.lock'), 'utf8'),
        'the engine writes its lock',
      ),
    ) as { pid: number };
    expect(lock.pid).toBeGreaterThan(0);
    const [record] = await listRunRecords(sandbox.env, 'auth');
    expect(record).toMatchObject({ projectDir: project, args: calls[0], source: 'start' });
    const audit = await readAudit(sandbox.env);
    expect(audit.at(-1)).toMatchObject({ action: 'start', outcome: 'done', actor: 'cli' });
  });

  it('refuses a name that is taken by a live run, with the way out', async () => {
    const result = await cli(sandbox, ['start', '--dir', project, 'ralph', 'auth', '3']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /tmux session pipeline-auth already exists .*attach -t '=pipeline-auth'/,
    );
    expect(result.err).toContain('loopwatch kill pipeline-auth');
    expect(result.err).toMatch(/run auth is live .* pid \d+ is running/);
    // run.sh was not called again.
    expect(await engineLaunches(project)).toHaveLength(1);
  });

  it('refuses --force too while the run is live', async () => {
    const result = await cli(sandbox, [
      'start',
      '--dir',
      project,
      'ralph',
      'auth',
      '3',
      '--force',
      '--yes',
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/--force cannot start over a live run/);
  });

  it('refuses a name with shell metacharacters without running anything', async () => {
    const result = await cli(sandbox, ['start', '--dir', project, 'ralph', '$(touch pwned)', '3']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /is not a valid run name: use lowercase letters, digits and hyphens/,
    );
    await expect(stat(join(project, 'pwned'))).rejects.toThrow();
    await expect(stat(join(sandbox.root, 'pwned'))).rejects.toThrow();
  });

  it('says clearly when the project has no scripts/run.sh', async () => {
    const empty = join(sandbox.root, 'projects', 'no-engine');
    await mkdir(empty, { recursive: true });
    const result = await cli(sandbox, ['start', '--dir', empty, 'ralph', 'x', '3']);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${empty} has no scripts/run.sh`);
    expect(result.err).toContain('loopwatch start --name NAME --dir DIR -- COMMAND');
  });

  it('checks the stage type, the pipeline file and the inputs before running', async () => {
    const result = await cli(sandbox, [
      'start',
      '--dir',
      project,
      'nope',
      'bad-type',
      '3',
      '--input',
      'missing.md',
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'stage type "nope" is not in scripts/loops (there: improve-plan, ralph)',
    );
    expect(result.err).toContain('input file missing.md not found');
    const pipeline = await cli(sandbox, ['start', '--dir', project, 'pipeline', 'nope.yaml', 'p1']);
    expect(pipeline.err).toContain('pipeline file nope.yaml not found');
  });

  it('starts a pipeline file from scripts/pipelines', async () => {
    const result = await cli(sandbox, [
      'start',
      '--dir',
      project,
      'pipeline',
      'full-refine.yaml',
      'refine',
      '2',
    ]);
    expect(result.code).toBe(0);
    expect((await engineLaunches(project)).at(-1)).toEqual([
      'pipeline',
      'full-refine.yaml',
      'refine',
      '2',
    ]);
  });

  it('runs any command in a new session with remain-on-exit for that session only', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'bystander']);
    const result = await cli(sandbox, [
      'start',
      '--name',
      'job-1',
      '--dir',
      project,
      '--',
      'sh',
      '-c',
      'printf "%s\\n" "$0"; sleep 0.3; exit 3',
      'lit $(touch pwned) `x`',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const pane = await eventually(async () => {
      await nudgeTmuxServer(sandbox);
      const line = await sandbox.tmux([
        'list-panes',
        '-t',
        '=job-1:',
        '-F',
        '#{pane_dead} #{pane_dead_status} #{session_path}',
      ]);
      return /^1 \d+ /.test(line) ? line.trim() : null;
    }, 'the command exits and its pane stays');
    expect(pane).toBe(`1 3 ${project}`);
    const screen = await sandbox.tmux(['capture-pane', '-p', '-S', '-', '-t', '=job-1:']);
    expect(screen).toContain('lit $(touch pwned) `x`');
    await expect(stat(join(project, 'pwned'))).rejects.toThrow();
    // Only that session's window has it; the server's global option is untouched.
    expect((await sandbox.tmux(['show-options', '-gw', 'remain-on-exit'])).trim()).toBe(
      'remain-on-exit off',
    );
    expect(
      (await sandbox.tmux(['show-options', '-w', '-t', '=bystander:', 'remain-on-exit'])).trim(),
    ).toBe('');
  });

  it('refuses a command session whose name is taken', async () => {
    const result = await cli(sandbox, ['start', '--name', 'job-1', '--dir', project, '--', 'true']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/tmux session job-1 already exists .*attach -t '=job-1'/);
  });

  it('refuses a start over an earlier run without --force, and asks before --force', async () => {
    // A crashed run: lock holder gone, state running.
    await crashRun(sandbox, project, 'refine');
    const plain = await cli(sandbox, [
      'start',
      '--dir',
      project,
      'pipeline',
      'full-refine.yaml',
      'refine',
    ]);
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(
      /a run named refine already exists .*\(crashed: .*loopwatch resume refine/,
    );
    const noTerminal = await cli(sandbox, [
      'start',
      '--dir',
      project,
      'pipeline',
      'full-refine.yaml',
      'refine',
      '--force',
    ]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.err).toMatch(/refusing to start over with --force without confirmation/);
    const declined = await cli(
      sandbox,
      ['start', '--dir', project, 'pipeline', 'full-refine.yaml', 'refine', '--force'],
      {
        answers: ['n'],
      },
    );
    expect(declined.code).toBe(1);
    const accepted = await cli(
      sandbox,
      ['start', '--dir', project, 'pipeline', 'full-refine.yaml', 'refine', '--force'],
      {
        answers: ['y'],
      },
    );
    expect(accepted.code).toBe(0);
    expect((await engineLaunches(project)).at(-1)).toEqual([
      'pipeline',
      'full-refine.yaml',
      'refine',
      '--force',
    ]);
  });
});

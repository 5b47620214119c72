import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../../main/core/actions/auditLog';
import { listRuns } from '../../../main/core/actions/runs';
import { listRunRecords, runRecordPath } from '../../../main/core/actions/runRecords';
import {
  cli,
  crashRun,
  createFakeProject,
  engineLaunches,
  runLock,
} from '../../helpers/fakeProject';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';

const ctx = (sandbox: Sandbox) => ({ env: sandbox.env, sockets: [], actor: 'cli' as const });

describe('loopwatch resume (real tmux, fake pipeline engine)', () => {
  let sandbox: Sandbox;
  let project: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    project = await createFakeProject(sandbox, 'beta');
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('refuses to resume a live run, with the way to watch it', async () => {
    const started = await cli(sandbox, [
      'start',
      '--dir',
      project,
      'ralph',
      'auth',
      '5',
      '--model=o3',
    ]);
    expect(started.code).toBe(0);
    await runLock(project, 'auth');
    const result = await cli(sandbox, ['resume', 'auth']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /run auth is live .*there is nothing to resume; watch it with `tmux -S .* attach -t '=pipeline-auth'`/,
    );
  });

  it('re-runs a crashed run with its original command line and --resume', async () => {
    const dead = await crashRun(sandbox, project, 'auth');
    const runs = await listRuns(ctx(sandbox));
    expect(runs.find((r) => r.name === 'auth')).toMatchObject({
      condition: 'crashed',
      canResume: true,
      canForce: true,
      args: ['ralph', 'auth', '5', '--model=o3'],
    });
    const result = await cli(sandbox, ['resume', 'auth']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      `Run auth is crashed (its lock is stale: pid ${dead} is not running).`,
    );
    expect(result.out).toContain(
      `In ${project}: ./scripts/run.sh ralph auth 5 --model=o3 --resume`,
    );
    expect(result.out).toMatch(/resumed run auth: tmux session pipeline-auth on /);
    expect((await engineLaunches(project)).at(-1)).toEqual([
      'ralph',
      'auth',
      '5',
      '--model=o3',
      '--resume',
    ]);
    const lock = await runLock(project, 'auth');
    expect(lock.pid).not.toBe(dead);
    expect((await readAudit(sandbox.env)).at(-1)).toMatchObject({
      action: 'resume',
      outcome: 'done',
    });
  });

  it('restarts with --force only after confirmation', async () => {
    await crashRun(sandbox, project, 'auth');
    const refused = await cli(sandbox, ['resume', 'auth', '--force']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('refusing to start a run over with --force without confirmation');
    const forced = await cli(sandbox, ['resume', 'auth', '--force', '--yes']);
    expect(forced.code).toBe(0);
    expect((await engineLaunches(project)).at(-1)).toEqual([
      'ralph',
      'auth',
      '5',
      '--model=o3',
      '--force',
    ]);
    expect((await readAudit(sandbox.env)).at(-1)).toMatchObject({
      action: 'force-restart',
      outcome: 'done',
    });
  });

  it('learns the command line of a run started by hand while it is live', async () => {
    // Started outside Loopwatch, exactly as the seeds do it.
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        './scripts/run.sh',
        ['improve-plan', 'plan-x', '4', '--provider=claude'],
        {
          cwd: project,
          env: sandbox.env,
          stdio: 'ignore',
        },
      );
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`run.sh exited ${code}`)),
      );
    });
    await runLock(project, 'plan-x');
    expect(await listRunRecords(sandbox.env, 'plan-x')).toEqual([]);
    const live = (await listRuns(ctx(sandbox))).find((r) => r.name === 'plan-x');
    expect(live).toMatchObject({
      condition: 'live',
      args: ['improve-plan', 'plan-x', '4', '--provider=claude'],
    });
    expect((await listRunRecords(sandbox.env, 'plan-x'))[0]).toMatchObject({ source: 'learned' });
    await crashRun(sandbox, project, 'plan-x');
    const result = await cli(sandbox, ['resume', 'plan-x', '--dir', project]);
    expect(result.code).toBe(0);
    expect((await engineLaunches(project)).at(-1)).toEqual([
      'improve-plan',
      'plan-x',
      '4',
      '--provider=claude',
      '--resume',
    ]);
  });

  it('without a recorded command line it says how to resume by hand', async () => {
    await crashRun(sandbox, project, 'plan-x');
    await rm(runRecordPath(sandbox.env, project, 'plan-x'));
    const result = await cli(sandbox, ['resume', 'plan-x', '--dir', project]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Loopwatch has no record of how run plan-x was started');
    expect(result.err).toContain('./scripts/run.sh TYPE plan-x MAX --resume');
  });

  it('lists the runs it can find, and names an unknown one clearly', async () => {
    const list = await cli(sandbox, ['resume']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^RUN\s+CONDITION\s+CAN\s+PROJECT\s+WHY/);
    expect(list.out).toMatch(/plan-x\s+crashed\s+-\s+/);
    expect(list.out).toMatch(/auth\s+live\s+-\s+/);
    const unknown = await cli(sandbox, ['resume', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Loopwatch knows no run named "nope"');
  });
});

/**
 * Restore of a pipeline run after kill-server: through the engine's own
 * resume (`./scripts/run.sh ... --resume`, the fake engine records its argv).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  createFakeProject,
  engineLaunches,
  processExists,
  runLock,
} from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, WAIT_MS } from '../../helpers/supervise';

describe('restore of a pipeline run (real tmux, fake engine)', () => {
  let sandbox: Sandbox;
  let project: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    project = await createFakeProject(sandbox, 'alpha');
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('brings the run back with run.sh --resume', async () => {
    const s = await supervise(sandbox);
    try {
      const started = await cli(sandbox, ['start', '--dir', project, 'ralph', 'auth', '5']);
      expect(started.code).toBe(0);
      const lock = await runLock(project, 'auth');
      await eventually(
        () => s.find((x) => x.name === 'pipeline-auth' && x.live),
        'the run seen',
        WAIT_MS,
      );
      await eventually(
        async () => {
          await s.supervisor.settled();
          const plan = await cli(sandbox, ['restore', '--dry-run', '--json', 'pipeline-auth']);
          return plan.out.includes('"how": "pipeline"');
        },
        'a restore record of the run',
        WAIT_MS,
      );
      await sandbox.tmux(['kill-server']);
      // Reaped, not just dead: the engine's own `kill -0` sees a zombie as alive (after a reboot there are none).
      await eventually(
        () => !processExists(lock.pid),
        'the engine to die with its server',
        WAIT_MS,
      );
      await s.supervisor.settled();
    } finally {
      s.supervisor.dispose();
    }
    const dry = await cli(sandbox, ['restore', '--dry-run']);
    expect(dry.out).toContain('pipeline-auth');
    expect(dry.out).toContain('./scripts/run.sh ralph auth 5 --resume');
    const restored = await cli(sandbox, ['restore', '--yes']);
    expect(restored.out).toMatch(/done: pipeline-auth: resumed run auth/);
    expect(restored.code).toBe(0);
    expect((await engineLaunches(project)).at(-1)).toEqual(['ralph', 'auth', '5', '--resume']);
  });
});

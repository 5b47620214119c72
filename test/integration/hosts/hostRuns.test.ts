/**
 * Pipeline runs on a remote host, for real: the run files live under a
 * project root of the host, read over ssh (bounded, the same parse as
 * local), the lock holder's pid checked on the host (`kill -0`, /proc start
 * time), changes pushed by the host's inotifywait. The project dir's name
 * is hostile: quotes, `$()`, backticks, a newline, a leading dash, unicode;
 * it reaches the host's shell only as quoted arguments.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, Transition } from '../../../preload/contract';
import { scanHosts } from '../../../main/core/hosts/hostScan';
import { Supervisor } from '../../../main/core/supervisor';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createPipelineProject } from '../../helpers/pipelineFixture';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const run = promisify(execFile);
const noLab = await labSupport();
if (noLab !== null) console.warn(`remote pipeline-run tests skipped: ${noLab}`);
/** Generous bounds on waits, never asserted as speed. */
const WAIT_MS = 30_000;
const HOSTILE = `-p 'q" $(touch pwned) \`id\` x é`;
/**
 * A newline too, for a root with files only: tmux prints a session path's
 * newline raw, which its line-based listing cannot carry (local ones alike).
 */
const HOSTILE_NL = `${HOSTILE}\nsecond line`;
/** One byte past the state file cap (files/readBounded.ts MAX_STATE_FILE_BYTES). */
const OVER_CAP_BYTES = 10 * 1024 * 1024 + 1;

describe.skipIf(noLab !== null)('pipeline runs on a remote host', () => {
  let sandbox: Sandbox;
  let lab: HostLab | undefined;
  const holders: ChildProcess[] = [];
  let projectDir = '';
  let newlineDir = '';
  let laterDir = '';

  /** A process the host sees (network namespaces share the pid space): a lock holder. */
  function holder(): number {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    holders.push(child);
    return child.pid!;
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'alpha' }]);
    // The host's files: namespaces share the file system, so the test writes them directly.
    projectDir = join(lab.host('alpha').root, 'home', HOSTILE);
    newlineDir = join(lab.host('alpha').root, 'home', HOSTILE_NL);
    await mkdir(projectDir, { recursive: true });
    await mkdir(newlineDir, { recursive: true });
    // A root with no .claude yet: nothing to watch there, so its first run is found by the poll.
    laterDir = join(lab.host('alpha').root, 'home', 'later');
    await mkdir(laterDir, { recursive: true });
  });

  afterAll(async () => {
    for (const child of holders) child.kill('SIGKILL');
    await lab?.cleanup();
    await sandbox.cleanup();
  });

  it('finds runs under the host project root, follows state and lock changes, and reads hostile files safely', async () => {
    const startedAt = () => new Date(Date.now() + 1_000).toISOString();
    const live = await createPipelineProject(projectDir, 'live', {
      lock: { pid: holder(), started_at: startedAt() },
    });
    await createPipelineProject(newlineDir, 'orphan', {
      lock: { pid: holder(), started_at: startedAt() },
    });
    const big = await createPipelineProject(projectDir, 'big', { lock: null });
    await writeFile(big.state, Buffer.alloc(OVER_CAP_BYTES, 0x20));
    const fifo = await createPipelineProject(projectDir, 'fifo', { lock: null, state: null });
    await run('mkfifo', [fifo.state]);
    // The live run's own tmux session on the host, in the project dir.
    await lab!.tmux('alpha', [
      'new-session',
      '-d',
      '-s',
      'pipeline-live',
      '-c',
      projectDir,
      'sleep 600',
    ]);

    const supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: [
        {
          name: 'alpha',
          destination: 'alpha',
          sshConfig: lab!.sshConfig,
          sockets: [],
          projectRoots: [projectDir, newlineDir, laterDir],
        },
      ],
    });
    const transitions: Transition[] = [];
    supervisor.on('transition', (t) => transitions.push(t));
    const find = (name: string, dir = projectDir): Session | undefined =>
      supervisor
        .sessions()
        .find(
          (s) =>
            s.host === 'alpha' && s.pipeline?.runName === name && s.pipeline.projectDir === dir,
        );
    try {
      await supervisor.start();
      const liveRun = await eventually(
        () => (find('live')?.live ? find('live') : undefined),
        'the live run with its tmux session',
        WAIT_MS,
      );
      expect(liveRun.id).toBe(`pipeline@alpha:${projectDir}:live`);
      expect(liveRun.status).toBe('working');
      expect(liveRun.pipeline?.iteration).toBe(1);
      const orphan = await eventually(
        () => find('orphan', newlineDir),
        'the run with files only',
        WAIT_MS,
      );
      expect(orphan.status).toBe('working');
      expect(orphan.live).toBe(false);
      // Over the cap and a FIFO: said, never read whole and never waited on.
      const bigRun = await eventually(() => find('big'), 'the run with a huge state file', WAIT_MS);
      expect(bigRun.pipeline?.stateError).toMatch(/over the 10485760-byte limit/);
      const fifoRun = await eventually(
        () => find('fifo'),
        'the run whose state is a FIFO',
        WAIT_MS,
      );
      expect(fifoRun.pipeline?.stateError).toMatch(/not a regular file/);

      // A state file change reaches the session (pushed by inotifywait on the host).
      await writeFile(
        live.state,
        JSON.stringify({ session: 'live', type: 'loop', status: 'running', iteration: 2 }),
      );
      await eventually(() => find('live')?.pipeline?.iteration === 2, 'iteration 2', WAIT_MS);

      // The orphan run's lock holder dies on the host: a stale lock, crashed.
      holders[1]!.kill('SIGKILL');
      const crashed = await eventually(
        () => transitions.find((t) => t.sessionId === orphan.id && t.to === 'crashed'),
        'the orphan run crashed (lock holder gone)',
        WAIT_MS,
      );
      expect(crashed.host).toBe('alpha');
      expect(find('orphan', newlineDir)?.reason).toMatch(/lock holder pid \d+ is gone/);
      // A run appears under the root that had none.
      await createPipelineProject(laterDir, 'late', {
        lock: { pid: holder(), started_at: startedAt() },
      });
      await eventually(() => find('late', laterDir), 'the run of a root that had none', WAIT_MS);

      // The `$(touch pwned)` in the path never ran: not in the remote login's home nor the host's HOME.
      expect(existsSync('/root/pwned')).toBe(false);
      expect(existsSync(join(lab!.host('alpha').root, 'home', 'pwned'))).toBe(false);
    } finally {
      await supervisor.closeHosts();
      supervisor.dispose();
    }
  }, 120_000);

  it("list and status (one-shot) read the runs too: a pipeline session's dir without a project root setting", async () => {
    const [scan] = await scanHosts(
      [
        {
          name: 'alpha',
          destination: 'alpha',
          sshConfig: lab!.sshConfig,
          sockets: [],
          projectRoots: [],
        },
      ],
      sandbox.env,
    );
    expect(scan!.health.state).toBe('up');
    const live = scan!.sessions.find((s) => s.pipeline?.runName === 'live');
    expect(live).toMatchObject({
      id: `pipeline@alpha:${projectDir}:live`,
      host: 'alpha',
      live: true,
      status: 'working',
    });
    expect(live?.pipeline?.iteration).toBe(2);
    // The same project dir's other runs come with it; the roots never named are not read.
    expect(scan!.sessions.find((s) => s.pipeline?.runName === 'big')?.pipeline?.stateError).toMatch(
      /over the 10485760-byte limit/,
    );
    expect(scan!.sessions.some((s) => s.pipeline?.runName === 'late')).toBe(false);
  }, 60_000);
});

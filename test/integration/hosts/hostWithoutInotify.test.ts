/**
 * inotifywait is optional on a host (README, "What a host needs"): where it
 * is, a host's run files are pushed by it; where it is missing, they are
 * polled. Two lab hosts, one whose ssh sessions have no inotifywait on
 * their PATH: a state file change reaches the session on both, and only the
 * host that has it runs inotifywait.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../preload/contract';
import { Supervisor } from '../../../main/core/supervisor';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createPipelineProject } from '../../helpers/pipelineFixture';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const run = promisify(execFile);
const noLab = await labSupport();
if (noLab !== null) console.warn(`host-without-inotifywait tests skipped: ${noLab}`);
/** Generous bounds on waits, never asserted as speed. */
const WAIT_MS = 30_000;

/** Programs running in a host's network namespace, by name. */
async function programsOn(lab: HostLab, host: string): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'pids', lab.host(host).netns]);
  const names: string[] = [];
  for (const pid of stdout.split('\n').filter(Boolean))
    names.push((await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim());
  return names;
}

describe.skipIf(noLab !== null)('a host without inotifywait', () => {
  let sandbox: Sandbox;
  let lab: HostLab | undefined;

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'pushed' }, { name: 'polled', missing: ['inotifywait'] }]);
  });

  afterAll(async () => {
    await lab?.cleanup();
    await sandbox.cleanup();
  });

  it('its run files are polled: a state change still reaches the session', async () => {
    // The lab really hides it: the polled host's PATH has no inotifywait, the other's has.
    const polledPath = lab!.host('polled').path!;
    expect(await readdir(polledPath)).not.toContain('inotifywait');
    expect(await readdir(polledPath)).toContain('tmux');

    const projects = new Map<string, string>();
    const states = new Map<string, string>();
    for (const host of ['pushed', 'polled']) {
      const dir = join(lab!.host(host).root, 'home', 'project');
      projects.set(host, dir);
      // No lock: a run with files only, followed by its state file.
      const made = await createPipelineProject(dir, 'work', { lock: null });
      states.set(host, made.state);
    }
    const supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: ['pushed', 'polled'].map((name) => ({
        name,
        destination: name,
        sshConfig: lab!.sshConfig,
        sockets: [],
        projectRoots: [projects.get(name)!],
      })),
    });
    const find = (host: string): Session | undefined =>
      supervisor.sessions().find((s) => s.host === host && s.pipeline?.runName === 'work');
    try {
      await supervisor.start();
      for (const host of ['pushed', 'polled'])
        await eventually(() => find(host), `the run on ${host}`, WAIT_MS);
      await eventually(
        async () => (await programsOn(lab!, 'pushed')).includes('inotifywait'),
        'inotifywait running on the host that has it',
        WAIT_MS,
      );

      for (const host of ['pushed', 'polled'])
        await writeFile(
          states.get(host)!,
          JSON.stringify({ session: 'work', type: 'loop', status: 'running', iteration: 7 }),
        );
      for (const host of ['pushed', 'polled'])
        await eventually(
          () => find(host)?.pipeline?.iteration === 7,
          `the state change on ${host}`,
          WAIT_MS,
        );
      expect(await programsOn(lab!, 'polled')).not.toContain('inotifywait');
    } finally {
      await supervisor.closeHosts();
      supervisor.dispose();
    }
  }, 120_000);
});

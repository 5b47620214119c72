/**
 * The loops Loopwatch keeps on a host, over a real sshd (network namespace,
 * real tmux there): while a host is watched, one loop watches its kept
 * panes' processes, one its lock holders, one beats and lists its sockets;
 * a kept pane killed silently (SIGKILL, no output) ends crashed and a dead
 * holder's run crashed; a tmux server started later is found; and once
 * Loopwatch lets go of the host, nothing it ran there is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../../preload/contract';
import { Supervisor } from '../../../main/core/supervisor';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createPipelineProject } from '../../helpers/pipelineFixture';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const noLab = await labSupport();
if (noLab !== null) console.warn(`host loop tests skipped: ${noLab}`);
/** Generous bounds on waits, never asserted as speed. */
const WAIT_MS = 30_000;

interface HostProcess {
  pid: number;
  argv: string[];
}

/**
 * Processes started over ssh on the lab's hosts (sshd gives each session
 * SSH_CONNECTION; the lab's own tmux servers are started without ssh) and
 * still running under the lab's dirs. Namespaces share the pid space.
 */
async function overSsh(labRoot: string): Promise<HostProcess[]> {
  const found: HostProcess[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    const vars = environ.split('\0');
    if (!vars.some((v) => v.startsWith('SSH_CONNECTION='))) continue;
    if (!vars.some((v) => v.startsWith('TMUX_TMPDIR=') && v.includes(labRoot))) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => ''))
      .split('\0')
      .filter((a) => a !== '');
    // sshd's own per-connection processes carry the variables too, but are sshd.
    if (argv.length === 0 || argv[0]!.startsWith('sshd')) continue;
    found.push({ pid: Number(entry), argv });
  }
  return found;
}

describe.skipIf(noLab !== null)('the loops on a host', () => {
  let sandbox: Sandbox;
  let lab: HostLab;
  const holders: ChildProcess[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'alpha' }]);
  });

  afterAll(async () => {
    for (const child of holders) child.kill('SIGKILL');
    const made = { lab, sandbox } as Partial<{ lab: HostLab; sandbox: Sandbox }>;
    await made.lab?.cleanup();
    await made.sandbox?.cleanup();
  });

  it('watch kept panes, holders and servers on the host, tell their ends, and leave nothing there', async () => {
    const project = join(lab.host('alpha').root, 'home', 'project');
    await mkdir(project, { recursive: true });
    await lab.tmux('alpha', ['new-session', '-d', '-s', 'first', 'sleep 600']);
    await lab.tmux('alpha', ['set-option', '-g', 'remain-on-exit', 'on']);
    await lab.tmux('alpha', ['new-session', '-d', '-s', 'victim', 'sleep 600']);
    const victimPid = Number(
      (await lab.tmux('alpha', ['display-message', '-p', '-t', '=victim:', '#{pane_pid}'])).trim(),
    );
    // A lock holder the host sees (namespaces share the pid space).
    const holder = spawn('sleep', ['600'], { stdio: 'ignore' });
    holders.push(holder);
    await createPipelineProject(project, 'looped', {
      lock: { pid: holder.pid!, started_at: new Date(Date.now() + 1_000).toISOString() },
    });

    const supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: [
        {
          name: 'alpha',
          destination: 'alpha',
          sshConfig: lab.sshConfig,
          sockets: [],
          projectRoots: [project],
        },
      ],
    });
    const transitions: Transition[] = [];
    supervisor.on('transition', (t) => transitions.push(t));
    try {
      await supervisor.start();
      await eventually(
        () => supervisor.sessions().find((s) => s.host === 'alpha' && s.name === 'victim'),
        'the victim session',
        WAIT_MS,
      );
      // The loops run on the host: the pids (the kept pane's, the holder's) are their arguments.
      const loops = await eventually(
        async () => {
          const running = await overSsh(lab.root);
          const pidLoops = running.filter(
            (p) => p.argv[0] === 'sh' && /kill -0/.test(p.argv[2] ?? ''),
          );
          const beat = running.find(
            (p) => p.argv[0] === 'sh' && /sockets\(\)/.test(p.argv[2] ?? ''),
          );
          const panes = pidLoops.find((p) => p.argv.includes(String(victimPid)));
          const holds = pidLoops.find((p) => p.argv.includes(String(holder.pid)));
          return panes && holds && beat ? running : undefined;
        },
        "the host's loops",
        WAIT_MS,
      );
      expect(loops.length).toBeGreaterThan(0);

      // A kept pane killed silently: crashed, with its signal.
      process.kill(victimPid, 'SIGKILL');
      const crashed = await eventually(
        () =>
          transitions.find((t) => t.host === 'alpha' && t.name === 'victim' && t.to === 'crashed'),
        'the victim crashed',
        WAIT_MS,
      );
      expect(crashed.reason).toMatch(/SIGKILL|signal 9/);

      // The holder dies: its run crashed (its lock is stale).
      holder.kill('SIGKILL');
      await eventually(
        () =>
          transitions.find((t) => t.host === 'alpha' && t.name === 'looped' && t.to === 'crashed'),
        'the run crashed (holder gone)',
        WAIT_MS,
      );

      // A server started later on the host is found (the beat loop tells its socket).
      await lab.tmux('alpha', ['new-session', '-d', '-s', 'later'], 'other');
      await eventually(
        () => supervisor.sessions().find((s) => s.host === 'alpha' && s.name === 'later'),
        'the later server',
        WAIT_MS,
      );
    } finally {
      await supervisor.closeHosts();
      supervisor.dispose();
    }
    // Nothing Loopwatch ran on the host is left (a loop's last `sleep` ends within its round).
    await eventually(
      async () => (await overSsh(lab.root)).length === 0,
      'no process of ours left on the host',
      WAIT_MS,
    ).catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(await overSsh(lab.root))}`);
    });
  });
});

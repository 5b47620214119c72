/**
 * A slow link (200 ms each way) and a stalled one, for real: the ssh client
 * reaches one lab host through test/helpers/slowProxy.ts (the kernel here
 * has no `sch_netem`, so `tc netem` cannot add the delay). The slow host
 * keeps working (its sessions found, its events reported), and while its
 * link is slow or holds every byte, the local supervisor and the other host
 * still report their own events.
 *
 * A slower link (VERY_SLOW_DELAY_MS each way) is where the flaky failures
 * came from: a first ssh connection costs about nine round trips (version,
 * key exchange, auth, channel), 3.5 s at 200 ms each way and over the 4 s
 * a heartbeat look may take once loaded, so the look was killed mid
 * handshake, the half-made connection closed, and every retry started over:
 * the host never came up. At VERY_SLOW_DELAY_MS it never came up even
 * unloaded. A look's bound is for the answer; connecting has its own.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../../preload/contract';
import { Supervisor } from '../../../main/core/supervisor';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { startSlowProxy, type SlowProxy } from '../../helpers/slowProxy';

const noLab = await labSupport();
if (noLab !== null) console.warn(`slow-link tests skipped: ${noLab}`);
/** Each way, as issue 17 asks. */
const LINK_DELAY_MS = 200;
/**
 * Each way: a new ssh connection then takes about 9 x 0.7 s = 6 s, more
 * than one look's 4 s bound, while a command on the open connection (two
 * round trips) takes 1.4 s, well within it.
 */
const VERY_SLOW_DELAY_MS = 350;
/** Waits bound how long a test can hang; they are never asserted as speed. */
const WAIT_MS = 30_000;
/** A session whose pane exits 0 on Enter: its exit is a `done` transition. */
const WAITS_FOR_ENTER = 'read line; exit 0';

describe.skipIf(noLab !== null)('a slow link to one host (200 ms each way)', () => {
  let sandbox: Sandbox;
  let lab: HostLab | undefined;
  let proxy: SlowProxy | undefined;
  let slowerProxy: SlowProxy | undefined;
  let sshConfig = '';

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'fast' }, { name: 'slow' }]);
    proxy = await startSlowProxy({
      targetHost: lab.host('slow').address,
      targetPort: 22,
      delayMs: LINK_DELAY_MS,
    });
    slowerProxy = await startSlowProxy({
      targetHost: lab.host('slow').address,
      targetPort: 22,
      delayMs: VERY_SLOW_DELAY_MS,
    });
    // The lab's entries plus ones that reach "slow" through the proxies; the
    // host key is still checked, under the host's own address.
    const labConfig = await readFile(lab.sshConfig, 'utf8');
    const slowEntry = labConfig.split('\n\n').find((entry) => entry.startsWith('Host slow\n'))!;
    const throughProxy = (alias: string, port: number): string =>
      slowEntry
        .replace('Host slow\n', `Host ${alias}\n`)
        .replace(/HostName \S+/, `HostName 127.0.0.1\n  HostKeyAlias ${lab!.host('slow').address}`)
        .replace('Port 22', `Port ${port}`);
    sshConfig = join(lab.root, 'ssh_config_slow');
    await writeFile(
      sshConfig,
      `${labConfig}\n${throughProxy('slow-link', proxy.port)}\n${throughProxy('slower-link', slowerProxy.port)}\n`,
    );

    for (const [where, name] of [
      ['local', 'local-a'],
      ['local', 'local-b'],
      ['fast', 'fast-a'],
      ['fast', 'fast-b'],
      ['slow', 'slow-a'],
      ['slow', 'slow-b'],
    ] as const) {
      const args = ['new-session', '-d', '-s', name, WAITS_FOR_ENTER];
      if (where === 'local') await sandbox.tmux(args);
      else await lab.tmux(where, args);
    }
    // After the first session: a server started without one exits at once, option and all.
    await sandbox.tmux(['set-option', '-g', 'remain-on-exit', 'on']);
    for (const host of ['fast', 'slow'])
      await lab.tmux(host, ['set-option', '-g', 'remain-on-exit', 'on']);
  });

  afterAll(async () => {
    await proxy?.close();
    await slowerProxy?.close();
    await lab?.cleanup();
    await sandbox.cleanup();
  });

  const host = (name: string, destination: string) => ({
    name,
    destination,
    sshConfig,
    sockets: [],
    projectRoots: [],
  });

  it('the slow host works; stalled, it holds up neither the local sessions nor the other host', async () => {
    const supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: [host('fast', 'fast'), host('slow', 'slow-link')],
    });
    const transitions: Transition[] = [];
    supervisor.on('transition', (t) => transitions.push(t));
    const doneFor = (name: string) => () =>
      transitions.find((t) => t.name === name && t.to === 'done');
    try {
      await supervisor.start();
      // The slow host's first look may outlast start-up's bound: it is up soon after.
      await eventually(
        () => supervisor.snapshot().hosts?.every((h) => h.state === 'up'),
        'both hosts up',
        WAIT_MS,
      );
      await eventually(
        () => supervisor.sessions().some((s) => s.host === 'slow' && s.name === 'slow-a'),
        'the slow host sessions',
        WAIT_MS,
      );
      expect(proxy!.connections).toBeGreaterThan(0);

      // Over the slow link: an exit on the slow host is reported, and one here at the same time too.
      await lab!.tmux('slow', ['send-keys', '-t', '=slow-a:', 'Enter']);
      await sandbox.tmux(['send-keys', '-t', '=local-a:', 'Enter']);
      await eventually(doneFor('slow-a'), 'slow-a done over the slow link', WAIT_MS);
      await eventually(doneFor('local-a'), 'local-a done', WAIT_MS);
      expect(transitions.find((t) => t.name === 'slow-a' && t.to === 'done')?.host).toBe('slow');

      // The slow link stops passing anything: local and the other host go on.
      proxy!.stall();
      await sandbox.tmux(['send-keys', '-t', '=local-b:', 'Enter']);
      await lab!.tmux('fast', ['send-keys', '-t', '=fast-a:', 'Enter']);
      await eventually(doneFor('local-b'), 'local-b done while the slow host is stalled', WAIT_MS);
      await eventually(doneFor('fast-a'), 'fast-a done while the slow host is stalled', WAIT_MS);
      expect(supervisor.snapshot().hosts?.find((h) => h.name === 'fast')?.state).toBe('up');
      // Nothing on the stalled host is called crashed (at most unknown: nothing is known).
      expect(transitions.some((t) => t.name === 'slow-b' && t.to === 'crashed')).toBe(false);

      // The link passes again: the slow host is up with its session live.
      proxy!.resume();
      await eventually(
        () => {
          const s = supervisor.sessions().find((x) => x.host === 'slow' && x.name === 'slow-b');
          return (
            supervisor.snapshot().hosts?.find((h) => h.name === 'slow')?.state === 'up' &&
            s !== undefined &&
            s.status !== 'unknown'
          );
        },
        'the slow host back with slow-b live',
        WAIT_MS,
      );
      await lab!.tmux('slow', ['send-keys', '-t', '=slow-b:', 'Enter']);
      await eventually(doneFor('slow-b'), 'slow-b done after the stall', WAIT_MS);
    } finally {
      await supervisor.closeHosts();
      supervisor.dispose();
    }
  }, 180_000);

  it('a link whose ssh handshake outlasts one look still comes up', async () => {
    const supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: [host('slower', 'slower-link')],
    });
    try {
      await supervisor.start();
      await eventually(
        () => supervisor.snapshot().hosts?.find((h) => h.name === 'slower')?.state === 'up',
        `the host up over ${VERY_SLOW_DELAY_MS} ms each way`,
        WAIT_MS,
      );
      await eventually(
        () => supervisor.sessions().some((s) => s.host === 'slower' && s.name === 'slow-b'),
        'its sessions',
        WAIT_MS,
      );
      expect(slowerProxy!.connections).toBeGreaterThan(0);
    } finally {
      await supervisor.closeHosts();
      supervisor.dispose();
    }
  }, 120_000);
});

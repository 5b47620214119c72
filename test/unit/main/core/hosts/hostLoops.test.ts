/**
 * The loops Loopwatch keeps on a host (remotePidWatch.ts, hostBeat.ts), run
 * here by this machine's real `sh` in place of ssh (their connection's
 * `command()` is the seam): what they tell, and that each is gone when
 * stopped. Over a real sshd: test/integration/hosts/hostLoops.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostConnection } from '../../../../../main/core/hosts/hostConnection';
import { HostBeat } from '../../../../../main/core/hosts/hostBeat';
import { keptPanePids } from '../../../../../main/core/hosts/remotePaneDeaths';
import { RemotePidWatch, SharedPidWatch } from '../../../../../main/core/hosts/remotePidWatch';
import { isActivityChange } from '../../../../../main/core/tmux/activitySubscription';
import type { PaneFacts } from '../../../../../main/core/tmux/formats';
import { eventually } from '../../../../helpers/sandbox';

const WAIT_MS = 15_000;
/** Each test's bound: real processes on a shared machine. */
const TEST_MS = 60_000;

/** A "host" that is this machine: the argv runs as is (no ssh). */
const here = { command: (argv: readonly string[]) => ({ file: argv[0]!, args: argv.slice(1) }) };
const connection = here as unknown as HostConnection;

const sleepers: ChildProcess[] = [];
function sleeper(): number {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  sleepers.push(child);
  return child.pid!;
}

/**
 * This test run's loops: processes whose argv holds `marker` (the loop's
 * fixed script text) and, when given, `arg` as an argument or `env` in their
 * environment (other runs' loops may be about on a shared machine).
 */
async function running(
  marker: string,
  mine: { arg?: number; env?: string } = {},
): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!argv.includes(marker)) continue;
    if (mine.arg !== undefined && !argv.split('\0').includes(String(mine.arg))) continue;
    if (mine.env !== undefined) {
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
      if (!environ.split('\0').includes(mine.env)) continue;
    }
    found.push(Number(entry));
  }
  return found;
}

afterAll(() => {
  for (const child of sleepers) child.kill('SIGKILL');
});

describe('kept panes and activity', () => {
  it('watches the live panes that remain-on-exit keeps, nothing else', () => {
    const pane = (over: Partial<PaneFacts>): PaneFacts =>
      ({ keepsDead: true, dead: false, pid: 10, ...over }) as PaneFacts;
    expect(
      keptPanePids([
        pane({ pid: 11 }),
        pane({ pid: 12, keepsDead: false }),
        pane({ pid: 13, dead: true }),
        pane({ pid: null }),
      ]),
    ).toEqual([11]);
  });

  it("tells the activity subscription's notifications from others", () => {
    expect(isActivityChange('loopwatch-activity $1 @2 3 %4 : @2.17.0.0 ')).toBe(true);
    expect(isActivityChange('loopwatch-titles $1 @2 3 %4 : x')).toBe(false);
    expect(isActivityChange('loopwatch-activityX $1 : x')).toBe(false);
  });
});

describe('the pid loop', () => {
  it(
    'tells each death once, only the dead; ends with stop()',
    async () => {
      const [a, b] = [sleeper(), sleeper()];
      const watch = new RemotePidWatch(connection, 100);
      const dead: number[] = [];
      watch.on('dead', (pids) => dead.push(...pids));
      watch.watch([b, a, a]);
      expect(watch.watching).toBe([a, b].sort((x, y) => x - y).join(' '));
      const loops = async (): Promise<number> => (await running('kill -0', { arg: b })).length;
      await eventually(async () => (await loops()) > 0, 'the loop', WAIT_MS);
      process.kill(a, 'SIGKILL');
      await eventually(() => dead.includes(a), 'the death of a', WAIT_MS);
      await new Promise((r) => setTimeout(r, 500));
      expect(dead).toEqual([a]);
      watch.stop();
      await eventually(async () => (await loops()) === 0, 'no loop left after stop()', WAIT_MS);
    },
    TEST_MS,
  );

  it(
    'ends by itself once every pid it watches is gone; a new set starts a new loop',
    async () => {
      const [a, b] = [sleeper(), sleeper()];
      const watch = new RemotePidWatch(connection, 100);
      let ended = 0;
      watch.on('ended', () => ended++);
      watch.watch([a]);
      watch.watch([a, b]);
      process.kill(a, 'SIGKILL');
      process.kill(b, 'SIGKILL');
      await eventually(() => ended === 1, 'the loop ending', WAIT_MS);
      expect(watch.watching).toBe('');
      watch.stop();
    },
    TEST_MS,
  );
});

describe('the pid loop and zombies', () => {
  it(
    'tells a process that exited but is not reaped (a zombie) as dead',
    async () => {
      // The background sleep's parent becomes `sleep 600` (exec), which never reaps it.
      const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 600'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      sleepers.push(parent);
      const zombie = Number(
        await new Promise<string>((resolve) =>
          parent.stdout.once('data', (d) => resolve(String(d))),
        ),
      );
      await eventually(
        async () => / Z /.test(await readFile(`/proc/${zombie}/stat`, 'utf8').catch(() => '')),
        'the zombie',
        WAIT_MS,
      );
      const watch = new RemotePidWatch(connection, 100);
      const dead: number[] = [];
      watch.on('dead', (pids) => dead.push(...pids));
      watch.watch([zombie, parent.pid!]);
      try {
        await eventually(() => dead.includes(zombie), "the zombie's death", WAIT_MS);
        expect(dead).toEqual([zombie]);
      } finally {
        watch.stop();
      }
    },
    TEST_MS,
  );
});

describe("the host's one pid loop, shared", () => {
  it(
    'runs one loop for every part and tells each part only its own dead',
    async () => {
      const [a, b] = [sleeper(), sleeper()];
      const shared = new SharedPidWatch(connection, 100);
      const panes = shared.part('panes');
      const holders = shared.part('holders');
      const told: Record<string, number[]> = { panes: [], holders: [] };
      panes.onDead((pids) => told.panes!.push(...pids));
      holders.onDead((pids) => told.holders!.push(...pids));
      panes.watch([a]);
      holders.watch([b]);
      const loops = async (): Promise<number> => (await running('kill -0', { arg: a })).length;
      await eventually(async () => (await loops()) > 0, 'the shared loop', WAIT_MS);
      // One `sh` script (and its loop subshell): not one per part.
      expect(await loops()).toBeLessThanOrEqual(2);
      process.kill(b, 'SIGKILL');
      await eventually(() => told.holders!.includes(b), "the holder's death", WAIT_MS);
      expect(told.panes).toEqual([]);
      shared.stop();
      await eventually(async () => (await loops()) === 0, 'no loop left after stop()', WAIT_MS);
    },
    TEST_MS,
  );
});

describe('the beat loop', () => {
  const dirs: string[] = [];
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) server.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(
    'beats, tells a new socket in the tmux dir, and ends with stop()',
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'lw-beat-'));
      dirs.push(root);
      const socketDir = join(root, `tmux-${process.getuid!()}`);
      await mkdir(socketDir, { recursive: true });
      const saved = process.env.TMUX_TMPDIR;
      process.env.TMUX_TMPDIR = root;
      const beat = new HostBeat(connection);
      let changed = 0;
      let silent = 0;
      beat.on('changed', () => changed++);
      beat.on('silent', () => silent++);
      try {
        beat.start();
        await eventually(() => beat.beating, 'the first beat', WAIT_MS);
        // The first round is told as a change: the loop cannot know what discovery saw.
        expect(changed).toBe(1);
        await new Promise((r) => setTimeout(r, 2_500));
        expect(changed).toBe(1);
        const server = createServer();
        servers.push(server);
        await new Promise<void>((resolve) => server.listen(join(socketDir, 'other'), resolve));
        await eventually(() => changed === 2, 'the new socket told', WAIT_MS);
        expect(silent).toBe(0);
      } finally {
        beat.stop();
        if (saved === undefined) delete process.env.TMUX_TMPDIR;
        else process.env.TMUX_TMPDIR = saved;
      }
      await eventually(
        async () => (await running('sockets()', { env: `TMUX_TMPDIR=${root}` })).length === 0,
        'no beat loop left after stop()',
        WAIT_MS,
      );
      expect(silent).toBe(0);
    },
    TEST_MS,
  );
});

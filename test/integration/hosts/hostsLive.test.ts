/**
 * `watch` with a remote host, live: control-mode clients over ssh, the host
 * dropping and coming back, a host that refuses us next to one that works.
 * Faults are real: the veth link set down, sshd killed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SnapshotSchema,
  TransitionSchema,
  type Snapshot,
  type Transition,
} from '../../../preload/contract';
import { runCli } from '../../../main/cli';
import { handCommands } from '../../../main/api/dashboard/handCommands';
import { killSession, planKill } from '../../../main/core/actions/kill';
import { Supervisor } from '../../../main/core/supervisor';
import { createOpenTerminal } from '../../../main/pty/openTerminal';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const noLab = await labSupport();
// Said, not hidden: a machine that cannot make hosts skips these tests for this reason.
if (noLab !== null) console.warn(`remote-host tests skipped: ${noLab}`);
/** Detection and reconnection are bounded by the watcher's heartbeat: generous, never asserted as speed. */
const FAULT_WAIT_MS = 20_000;

interface Watching {
  snapshot: Snapshot;
  transitions: Transition[];
  stop: () => Promise<number>;
  err: () => string;
}

describe.skipIf(noLab !== null)('watch with remote hosts (live, over ssh)', () => {
  let sandbox: Sandbox;
  let lab: HostLab | undefined;

  async function watch(args: string[]): Promise<Watching> {
    const lines: string[] = [];
    const err: string[] = [];
    let buffered = '';
    let interrupt: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
    const done = runCli(['watch', '--json', '--ssh-config', lab!.sshConfig, ...args], {
      out: (t) => {
        buffered += t;
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        lines.push(...parts);
      },
      err: (t) => err.push(t),
      env: sandbox.env,
      untilInterrupted: () => interrupted,
    });
    const first = await eventually(() => lines[0], 'the first snapshot', 20_000);
    const transitions: Transition[] = [];
    const watching: Watching = {
      snapshot: SnapshotSchema.parse(JSON.parse(first)),
      transitions,
      stop: async () => {
        interrupt();
        return done;
      },
      err: () => err.join(''),
    };
    // Keep parsing what arrives after the snapshot.
    const timer = setInterval(() => {
      while (lines.length > 1 + transitions.length)
        transitions.push(TransitionSchema.parse(JSON.parse(lines[1 + transitions.length]!)));
    }, 50);
    void done.finally(() => clearInterval(timer));
    return watching;
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'alpha' }, { name: 'gamma', authorized: false }]);
    await sandbox.tmux(['new-session', '-d', '-s', 'local-one', 'sleep 600']);
    await lab.tmux('alpha', ['new-session', '-d', '-s', 'remote-one', 'sleep 600']);
  });

  afterAll(async () => {
    await lab?.cleanup();
    await sandbox.cleanup();
  });

  it('a cut link makes the host unreachable and its sessions unknown (not crashed); local ones stay; back, they are live again', async () => {
    const w = await watch(['--host', 'alpha=alpha', '--host', 'gamma=gamma']);
    try {
      expect(w.snapshot.hosts).toEqual([
        expect.objectContaining({ name: 'alpha', state: 'up' }),
        expect.objectContaining({ name: 'gamma', state: 'auth-failed' }),
      ]);
      const remote = w.snapshot.sessions.find((s) => s.name === 'remote-one');
      expect(remote).toMatchObject({ host: 'alpha', live: true });
      expect(remote?.status).not.toBe('unknown');
      expect(w.snapshot.sessions.find((s) => s.name === 'local-one')?.host).toBeUndefined();

      // A session started on the host shows up live (its server's control client over ssh).
      await lab!.tmux('alpha', ['new-session', '-d', '-s', 'remote-new', 'sleep 600']);
      await eventually(
        () => w.transitions.find((t) => t.name === 'remote-new' && t.from === null),
        'the new remote session',
        FAULT_WAIT_MS,
      );

      await lab!.linkDown('alpha');
      const lost = await eventually(
        () => w.transitions.find((t) => t.name === 'remote-one' && t.to === 'unknown'),
        'remote-one going unknown',
        FAULT_WAIT_MS,
      );
      expect(lost.reason).toMatch(/^host alpha unreachable since \d\d:\d\d UTC: /);
      expect(w.transitions.some((t) => t.to === 'crashed')).toBe(false);
      // The local session may change status on its own (output going quiet), never because of the host.
      expect(w.transitions.some((t) => t.name === 'local-one' && t.to === 'unknown')).toBe(false);

      await lab!.linkUp('alpha');
      const back = await eventually(
        () => w.transitions.find((t) => t.name === 'remote-one' && t.from === 'unknown'),
        'remote-one live again',
        FAULT_WAIT_MS,
      );
      expect(back.to).not.toBe('unknown');
      expect(w.transitions.some((t) => t.name === 'local-one' && t.to === 'unknown')).toBe(false);
    } finally {
      expect(await w.stop()).toBe(0);
    }
  });

  it('sshd restarted: live over the kept connection; sshd and its connections gone: unknown, then back', async () => {
    const w = await watch(['--host', 'alpha=alpha']);
    try {
      expect(w.snapshot.hosts?.[0]).toMatchObject({ state: 'up' });
      await lab!.killSshd('alpha');
      await lab!.startSshd('alpha');
      // A new session is still seen: the shared connection outlived the listener.
      await lab!.tmux('alpha', ['new-session', '-d', '-s', 'after-restart', 'sleep 600']);
      await eventually(
        () => w.transitions.find((t) => t.name === 'after-restart' && t.from === null),
        'the session made after the restart',
        FAULT_WAIT_MS,
      );
      expect(w.transitions.some((t) => t.to === 'unknown')).toBe(false);

      await lab!.dropSsh('alpha');
      const lost = await eventually(
        () => w.transitions.find((t) => t.name === 'remote-one' && t.to === 'unknown'),
        'remote-one going unknown',
        FAULT_WAIT_MS,
      );
      expect(lost.reason).toMatch(/unreachable/);
      await lab!.startSshd('alpha');
      await eventually(
        () => w.transitions.find((t) => t.name === 'remote-one' && t.from === 'unknown'),
        'remote-one live again',
        FAULT_WAIT_MS,
      );
    } finally {
      expect(await w.stop()).toBe(0);
    }
  });

  it('the tmux server restarted on the host: its sessions end, the new server is found', async () => {
    const w = await watch(['--host', 'alpha=alpha']);
    try {
      expect(w.snapshot.sessions.find((s) => s.name === 'remote-one')?.host).toBe('alpha');
      await lab!.killTmux('alpha');
      const ended = await eventually(
        () => w.transitions.find((t) => t.name === 'remote-one' && t.to === 'unknown'),
        'remote-one ending',
        FAULT_WAIT_MS,
      );
      // The host answered: the session really ended (not "host unreachable").
      expect(ended.reason).toBe('session ended; exit status unknown');
      await lab!.tmux('alpha', ['new-session', '-d', '-s', 'reborn', 'sleep 600']);
      await eventually(
        () => w.transitions.find((t) => t.name === 'reborn' && t.from === null),
        'the session on the new server',
        FAULT_WAIT_MS,
      );
    } finally {
      expect(await w.stop()).toBe(0);
    }
  });

  it('the supervisor (serve, the app) carries host sessions: peek over ssh; terminal and kill without a connection to the host refused, never run here', async () => {
    await lab!.tmux('alpha', [
      'new-session',
      '-d',
      '-s',
      'peeked',
      'echo remote-screen-text; sleep 600',
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
          projectRoots: [],
        },
      ],
    });
    try {
      await supervisor.start();
      const snapshot = SnapshotSchema.parse(supervisor.snapshot());
      expect(snapshot.hosts).toEqual([expect.objectContaining({ name: 'alpha', state: 'up' })]);
      const peeked = snapshot.sessions.find((s) => s.name === 'peeked');
      expect(peeked?.host).toBe('alpha');
      expect(snapshot.sessions.find((s) => s.name === 'local-one')?.host).toBeUndefined();
      expect(supervisor.session(peeked!.id)?.name).toBe('peeked');
      await eventually(
        async () => (await supervisor.capturePane(peeked!.id, 20))?.includes('remote-screen-text'),
        'the remote screen through the supervisor',
      );

      // A host this Loopwatch does not watch has no connection to open a terminal over.
      const openTerminal = createOpenTerminal({
        sessions: () => supervisor.sessions(),
        host: {
          open: () => Promise.reject(new Error('must not be reached')),
        },
        route: () => null,
      });
      await expect(
        openTerminal({ sessionId: peeked!.id, mode: 'watch', cols: 80, rows: 24 }),
      ).rejects.toThrow(/runs on host alpha, which this Loopwatch does not watch/);
      expect(handCommands(peeked!, null)).toEqual([]);

      // A host the action's context cannot reach is refused; a local server at the same path is never acted on.
      const ctx = { env: sandbox.env, sockets: [], actor: 'app' as const };
      await expect(
        planKill(ctx, { name: 'peeked', socket: peeked!.socket, host: 'alpha' }),
      ).rejects.toThrow(/host "alpha" is not one this Loopwatch knows/);
      await expect(
        killSession(ctx, {
          name: 'peeked',
          socket: peeked!.socket!,
          tmuxId: '$0',
          saveHistory: false,
          host: 'alpha',
        }),
      ).rejects.toThrow(/nothing was done/);
      expect(await lab!.tmux('alpha', ['has-session', '-t', '=peeked'])).toBe('');
    } finally {
      await supervisor.closeHosts();
      supervisor.dispose();
    }
  });
});

/**
 * Output, bells and deaths pushed by tmux (a format subscription, tmux
 * 3.2+), for servers where every poll crosses a link: with the cheap poll
 * and the full poll both pushed far out of reach, a pane's new output, a
 * bell and a kept pane's death still reach the monitor, because tmux's
 * `%subscription-changed` asks for a poll. Without the push nothing would
 * report them here (the control case: the same monitor with no push sees
 * neither).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerMonitor, type ServerUpdate } from '../../../main/core/tmux/serverMonitor';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

/** Beyond any wait here: only a push can bring a poll. */
const OUT_OF_REACH_MS = 60 * 60_000;
const WAIT_MS = 15_000;
/** The control case waits this long for what must not come (several subscription rounds). */
const CONTROL_WAIT_MS = 4_000;
/** Longer than ServerMonitor's hot window (3 s of fast polls after any change). */
const QUIET_MS = 3_500;
/** Each test's bound (several quiet spells on a shared machine). */
const TEST_MS = 120_000;

describe('activity pushed by tmux', () => {
  let sandbox: Sandbox;
  const monitors: ServerMonitor[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox();
    await sandbox.tmux(['new-session', '-d', '-s', 'first', 'cat']);
    await sandbox.tmux(['set-option', '-g', 'remain-on-exit', 'on']);
    await sandbox.tmux(['new-session', '-d', '-s', 'talker', 'cat']);
    await sandbox.tmux(['new-session', '-d', '-s', 'victim', 'sleep 600']);
  });

  afterAll(async () => {
    for (const monitor of monitors) monitor.dispose();
    await sandbox.cleanup();
  });

  async function watch(
    push: boolean,
  ): Promise<{ monitor: ServerMonitor; updates: ServerUpdate[] }> {
    const monitor = new ServerMonitor(sandbox.socket(), {
      idlePollMs: OUT_OF_REACH_MS,
      fullPollMs: OUT_OF_REACH_MS,
      localPids: false,
      ...(push ? { pushedIdlePollMs: OUT_OF_REACH_MS } : {}),
    });
    monitors.push(monitor);
    const updates: ServerUpdate[] = [];
    monitor.on('update', (u) => updates.push(u));
    monitor.start();
    await eventually(() => updates.length > 0, 'the first poll', WAIT_MS);
    return { monitor, updates };
  }

  const paneOf = async (session: string): Promise<string> =>
    (await sandbox.tmux(['display-message', '-p', '-t', `=${session}:`, '#{pane_id}'])).trim();

  /**
   * Until no update came for longer than the monitor's hot window (after a
   * change it polls fast for 3 s, push or not): what follows is pushed or unseen.
   */
  async function settled(updates: ServerUpdate[]): Promise<void> {
    let count = -1;
    await eventually(
      async () => {
        await new Promise((r) => setTimeout(r, QUIET_MS));
        const same = count === updates.length;
        count = updates.length;
        return same;
      },
      'the monitor to settle',
      WAIT_MS * 2,
    );
  }

  it(
    'without the push, silent polls out of reach: new output is not seen (the control case)',
    async () => {
      const { monitor, updates } = await watch(false);
      expect(monitor.activityPushed).toBe(false);
      await settled(updates);
      const before = updates.length;
      const pane = await paneOf('talker');
      await sandbox.tmux(['send-keys', '-t', pane, 'unseen', 'Enter']);
      await new Promise((r) => setTimeout(r, CONTROL_WAIT_MS));
      // A full poll (a late notification under load) lists every pane: only a cheap poll's report counts.
      expect(updates.slice(before).some((u) => !u.full && u.panes.some((p) => p.id === pane))).toBe(
        false,
      );
      monitor.dispose();
    },
    TEST_MS,
  );

  it(
    'with the push: output, a bell and a kept pane killed silently each bring a poll',
    async () => {
      const { monitor, updates } = await watch(true);
      await eventually(() => monitor.activityPushed, 'the activity subscription', WAIT_MS);
      await settled(updates);

      const talker = await paneOf('talker');
      let from = updates.length;
      await sandbox.tmux(['send-keys', '-t', talker, 'hello', 'Enter']);
      await eventually(
        () => updates.slice(from).some((u) => !u.full && u.panes.some((p) => p.id === talker)),
        "the talker's output",
        WAIT_MS,
      );

      await settled(updates);
      from = updates.length;
      await sandbox.tmux(['send-keys', '-t', talker, '-l', '\u0007\n']);
      await eventually(
        () => updates.slice(from).some((u) => u.panes.some((p) => p.id === talker && p.bell)),
        "the talker's bell",
        WAIT_MS,
      );

      await settled(updates);
      const victim = await paneOf('victim');
      const pid = Number(
        (await sandbox.tmux(['display-message', '-p', '-t', victim, '#{pane_pid}'])).trim(),
      );
      from = updates.length;
      process.kill(pid, 'SIGKILL');
      // Its exit signal may come later: tmux 3.3a can leave the process unreaped for a while.
      await eventually(
        () =>
          updates
            .slice(from)
            .flatMap((u) => u.panes)
            .find((p) => p.id === victim && p.dead),
        "the victim's death",
        WAIT_MS,
      );
    },
    TEST_MS,
  );
});

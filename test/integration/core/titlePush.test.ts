/**
 * Pane titles pushed by tmux (format subscriptions, tmux 3.2+): a title
 * changed with no output at all (`select-pane -T`, as a hook or wrapper
 * does) changes the session's status, though no poll would report it (the
 * full poll is pushed out of reach here) and no screen is read for it. With
 * the push off (older tmux), a title the program sets by output still comes
 * through the polls.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ServerMonitor, type ServerUpdate } from '../../../main/core/tmux/serverMonitor';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { AGENTS, FIXTURES, supervise, WAIT_MS, type Supervised } from '../../helpers/supervise';

/** The full poll would also find a title: far beyond any wait here, so only a push can. */
const NO_FULL_POLL_MS = 60 * 60_000;
const GEMINI_IDLE = join(FIXTURES, 'screens', 'gemini', '0.61.0', 'idle--after-turn.txt');
/** Gemini CLI's own title marks (its manifest's title rules). */
const READY = '◇  Ready (proj)';
const ACTION = '✋  Action Required (proj)';

async function startGemini(sandbox: Sandbox, name: string): Promise<void> {
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    '120',
    '-y',
    '40',
    '-e',
    'LOOPWATCH_AGENT=gemini',
    '--',
    'bash',
    join(AGENTS, 'show-screen.sh'),
    GEMINI_IDLE,
  ]);
  await sandbox.tmux(['select-pane', '-t', `=${name}:`, '-T', READY]);
}

/**
 * Until the pane's last output is two seconds old: a fast poll (which asks
 * only for panes with output since its previous second) no longer lists it.
 */
async function outputOld(sandbox: Sandbox, name: string): Promise<void> {
  await eventually(
    async () => {
      const activity = Number(
        (
          await sandbox.tmux(['display-message', '-p', '-t', `=${name}:`, '#{window_activity}'])
        ).trim(),
      );
      return activity < Math.floor(Date.now() / 1000) - 2;
    },
    `${name}'s output to be two seconds old`,
    WAIT_MS,
  );
}

describe('a title change alone (real tmux)', () => {
  let sandbox: Sandbox;
  let s: Supervised | undefined;
  const monitors: ServerMonitor[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox();
    // Another session first: the control client may be attached to either.
    await sandbox.tmux(['new-session', '-d', '-s', 'first', '--', 'sleep', '600']);
    await startGemini(sandbox, 'gem');
    await startGemini(sandbox, 'polled');
  });

  afterAll(async () => {
    s?.supervisor.dispose();
    for (const m of monitors) m.dispose();
    await sandbox.cleanup();
  });

  it('changes the status, pushed by tmux, with no screen read', async () => {
    s = await supervise(sandbox, { fullPollMs: NO_FULL_POLL_MS });
    const idle = await s.reach('gem', 'idle');
    expect(idle.agent).toBe('gemini');
    await outputOld(sandbox, 'gem');
    const pane = (
      await sandbox.tmux(['display-message', '-p', '-t', '=gem:', '#{pane_id}'])
    ).trim();
    // Screen reads go over the supervisor's control client: watch what it sends (it still sends it).
    const runner = s.supervisor.runnerFor(sandbox.socket());
    if (!runner) throw new Error('no control client on the sandbox server');
    const sent = vi.spyOn(runner, 'run');
    const reads = (): number =>
      sent.mock.calls.filter(([args]) => args[0] === 'capture-pane').length;
    await sandbox.tmux(['select-pane', '-t', pane, '-T', ACTION]);
    const waiting = await s.reach('gem', 'waiting');
    expect(waiting.reason).toMatch(/Action Required/);
    await sandbox.tmux(['select-pane', '-t', pane, '-T', READY]);
    await s.reach('gem', 'idle');
    expect(reads()).toBe(0);
    sent.mockRestore();
  });

  it('without the push, a title set by output comes through the polls', async () => {
    const monitor = new ServerMonitor(sandbox.socket(), {
      titlePush: false,
      fullPollMs: NO_FULL_POLL_MS,
    });
    monitors.push(monitor);
    const updates: ServerUpdate[] = [];
    monitor.on('update', (u) => updates.push(u));
    monitor.start();
    await eventually(() => updates.length > 0, 'the first poll', WAIT_MS);
    expect(monitor.titlesPushed).toBe(false);
    const pane = (
      await sandbox.tmux(['display-message', '-p', '-t', '=polled:', '#{pane_id}'])
    ).trim();
    // The program writes its title (OSC 2) on its own terminal, as agents do.
    const tty = (await sandbox.tmux(['display-message', '-p', '-t', pane, '#{pane_tty}'])).trim();
    await sandbox.tmux(['run-shell', `printf '\\033]2;%s\\033\\\\' '${ACTION}' > ${tty}`]);
    await eventually(
      () =>
        updates.some((u) => !u.full && u.panes.some((p) => p.id === pane && p.title === ACTION)),
      'a fast poll with the new title',
      WAIT_MS,
    );
  });
});

/**
 * A dead pane inside a live session (remain-on-exit keeps it): the session's
 * evidence names it with its window and exit, flags.deadPane is set, and the
 * status follows it only when it was the agent's pane. A helper pane that
 * failed (a build in another window) is shown, not decided on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../../main/core/supervisor';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
const paneOf: Record<string, string> = {};

/** A live session (window 0 sleeps) whose window 1 runs `exit STATUS` and stays, dead. */
async function sessionWithDeadWindow(name: string, status: number): Promise<void> {
  await sandbox.tmux(['new-session', '-d', '-s', name, 'sleep 300']);
  const pane = (
    await sandbox.tmux([
      'new-window',
      '-d',
      '-P',
      '-F',
      '#{pane_id}',
      '-t',
      `=${name}:`,
      `exit ${status}`,
    ])
  ).trim();
  paneOf[name] = pane;
  await eventually(
    async () =>
      (await sandbox.tmux(['display-message', '-p', '-t', pane, '#{pane_dead}'])).trim() === '1',
    `pane ${pane} to die`,
  );
}

async function look(): Promise<Supervisor> {
  const supervisor = new Supervisor({
    env: sandbox.env,
    oneShot: true,
    hooks: false,
    warn: () => {},
  });
  await supervisor.start();
  return supervisor;
}

beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['start-server', ';', 'set-option', '-g', 'exit-empty', 'off']);
  await sandbox.tmux(['set-option', '-g', 'remain-on-exit', 'on']);
  await sessionWithDeadWindow('helper-failed', 2);
  await sessionWithDeadWindow('agent-failed', 3);
  // The dead pane ran the agent (the option names it, as a wrapper would).
  await sandbox.tmux([
    'set-option',
    '-p',
    '-t',
    paneOf['agent-failed']!,
    '@loopwatch-agent',
    'claude',
  ]);
});

afterAll(async () => {
  await sandbox.cleanup();
});

describe('a dead pane in a live session', () => {
  it('is in the evidence with its window and exit, without deciding the status', async () => {
    const supervisor = await look();
    try {
      const session = supervisor.sessions().find((s) => s.name === 'helper-failed');
      expect(session?.flags.deadPane).toBe(true);
      expect(session?.status).not.toBe('crashed');
      expect(session?.evidence).toContainEqual(
        expect.objectContaining({
          rank: 'process',
          signal: 'pane-dead',
          detail: `pane ${paneOf['helper-failed']} (window 1) exited with status 2`,
        }),
      );
    } finally {
      supervisor.dispose();
    }
  });

  it("decides the status when it was the agent's pane", async () => {
    const supervisor = await look();
    try {
      const session = supervisor.sessions().find((s) => s.name === 'agent-failed');
      expect(session).toMatchObject({
        status: 'crashed',
        reason: `pane ${paneOf['agent-failed']} (window 1) exited with status 3`,
        flags: expect.objectContaining({ deadPane: true }),
      });
    } finally {
      supervisor.dispose();
    }
  });
});

/**
 * A server that stops answering after it was seen (SIGSTOP while watched):
 * its sessions stay listed, since a silent server has not ended them, but
 * none of them keeps a status nobody can confirm. Each says `unknown`,
 * "server unresponsive since HH:MM", with its last known status in the
 * evidence; the other server's sessions are untouched. Once it answers
 * again, the status is read as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';
import { supervise, type Supervised } from '../../helpers/supervise';

/** The control client's command deadline (5 s) plus the probe's (5 s), with room. */
const NOTICE_MS = 30_000;

let sandbox: Sandbox;
let watched: Supervised | null = null;
let stoppedPid = 0;

beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'steady', 'sleep 300'], 'fine');
  await sandbox.tmux(['new-session', '-d', '-s', 'frozen', 'sleep 300'], 'later-stopped');
  stoppedPid = Number(
    (await sandbox.tmux(['display-message', '-p', '#{pid}'], 'later-stopped')).trim(),
  );
});

afterAll(async () => {
  watched?.supervisor.dispose();
  if (stoppedPid) process.kill(stoppedPid, 'SIGCONT');
  await sandbox.cleanup();
});

describe('a watched server that stops answering', () => {
  it('keeps its sessions as unknown, saying since when, until it answers again', async () => {
    watched = await supervise(sandbox, { hooks: false, warn: () => {} });
    const before = await watched.reach('frozen', 'idle');
    expect(before.reason).not.toMatch(/unresponsive/);

    process.kill(stoppedPid, 'SIGSTOP');
    const frozen = await watched.reach('frozen', 'unknown', NOTICE_MS);
    expect(frozen.reason).toMatch(/^server unresponsive since \d\d:\d\d UTC$/);
    expect(frozen.evidence[0]).toMatchObject({
      signal: 'server-unresponsive',
      detail: expect.stringMatching(
        new RegExp(`^tmux server on ${sandbox.socket('later-stopped')} .*last known: idle`),
      ),
    });
    expect(frozen.socket).toBe(sandbox.socket('later-stopped'));
    expect(watched.named('steady')?.status).toBe('idle');

    process.kill(stoppedPid, 'SIGCONT');
    const back = await watched.reach('frozen', 'idle', NOTICE_MS);
    expect(back.reason).not.toMatch(/unresponsive/);
  });
});

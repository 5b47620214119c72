/**
 * A silent server is never trusted: a tmux server stopped with SIGSTOP
 * accepts connections and never answers. A one-shot query used to time out
 * into SIGTERM, on which the tmux client exits 0 with no output: read as
 * "up, 0 sessions". A live watch used to wait for it forever at start-up.
 * Now it is an error ("unresponsive since T"), and the other servers are
 * read as usual. And start-up does not wait for its deadline: the stopped
 * process is seen in /proc and named at once, with its pid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../../main/core/supervisor';
import { tmuxProcessStats } from '../../../main/core/tmux/execTmux';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';

/** Start-up must finish despite the stopped server (tmux's own deadline is 5 s). */
const START_DEADLINE_MS = 25_000;

let sandbox: Sandbox;
let stoppedPid = 0;

beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'alive-a', 'sleep 300'], 'fine');
  await sandbox.tmux(['new-session', '-d', '-s', 'alive-b', 'sleep 300'], 'fine-too');
  await sandbox.tmux(['new-session', '-d', '-s', 'frozen', 'sleep 300'], 'stopped');
  stoppedPid = Number((await sandbox.tmux(['display-message', '-p', '#{pid}'], 'stopped')).trim());
  process.kill(stoppedPid, 'SIGSTOP');
});

afterAll(async () => {
  if (stoppedPid) process.kill(stoppedPid, 'SIGCONT');
  await sandbox.cleanup();
});

describe.each([
  ['list (one-shot)', true],
  ['watch (live)', false],
])('a SIGSTOPped server, %s', (_label, oneShot) => {
  it('is an error saying since when, and the other server is read', async () => {
    const supervisor = new Supervisor({ env: sandbox.env, oneShot, hooks: false, warn: () => {} });
    try {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        supervisor.start(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('start-up waited on the stopped server')),
            START_DEADLINE_MS,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      const stopped = supervisor.servers().find((s) => s.socket === sandbox.socket('stopped'));
      // Named from /proc when start-up ends, not from tmux's deadline ("did not answer within").
      expect(stopped).toMatchObject({
        state: 'error',
        error: expect.stringMatching(
          new RegExp(`^unresponsive since \\d{4}-.*tmux server \\(pid ${stoppedPid}\\) is stopped`),
        ),
      });
      expect(supervisor.sessions().map((s) => s.name)).toEqual(
        expect.arrayContaining(['alive-a', 'alive-b']),
      );
    } finally {
      supervisor.dispose();
    }
    if (oneShot) {
      // Nothing is left waiting on the stopped server (a `list` exits at once).
      await new Promise((wake) => setImmediate(wake));
      expect(tmuxProcessStats().running).toBe(0);
    }
  });
});

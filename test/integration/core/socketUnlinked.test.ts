/**
 * A deleted socket file is not a dead server: the tmux server still runs
 * (and the supervisor's control client is still connected to it). Deleting
 * the socket used to make `watch` report every session on it ended at once.
 * Now the sessions stay, the server says its socket is missing and how to
 * get it back (`kill -USR1 PID`), and the note goes once it is back.
 */
import { unlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, type Supervised } from '../../helpers/supervise';

let sandbox: Sandbox;
let s: Supervised;
let pid = 0;

beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'keeps-running', 'sleep 300']);
  pid = Number((await sandbox.tmux(['display-message', '-p', '#{pid}'])).trim());
  s = await supervise(sandbox, { hooks: false, warn: () => {} });
});

afterAll(async () => {
  s.supervisor.dispose();
  // The socket may be gone: end the server by its pid.
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  await sandbox.cleanup();
});

const server = () => s.supervisor.servers().find((x) => x.socket === sandbox.socket());

describe('a deleted socket file', () => {
  it('keeps the sessions and says how to recover the socket', async () => {
    expect(s.named('keeps-running')).toBeDefined();
    const ended: string[] = [];
    s.supervisor.on('delta', (delta) => ended.push(...delta.remove));
    await unlink(sandbox.socket());
    const noted = await eventually(
      () => (server()?.error?.includes('is missing') ? server() : null),
      'the server to say its socket is missing',
    );
    expect(noted).toMatchObject({ state: 'up', sessionCount: 1 });
    expect(noted.error).toContain(`kill -USR1 ${pid}`);
    expect(s.named('keeps-running')?.live).toBe(true);
    expect(ended).toEqual([]);

    process.kill(pid, 'SIGUSR1');
    await eventually(() => server()?.error === null, 'the note to go once the socket is back');
    expect(s.named('keeps-running')?.live).toBe(true);
    expect(ended).toEqual([]);
  });
});

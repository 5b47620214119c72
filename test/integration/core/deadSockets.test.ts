/**
 * Discovery of dead sockets is bounded: a socket dir (or a registry) naming
 * hundreds of sockets nothing listens on used to fork a tmux process or two per
 * socket at once. Now at most MAX_TMUX_PROCESSES run at once, a dead socket
 * costs no control client, and each is reported down.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TMUX_PROCESSES, tmuxProcessStats } from '../../../main/core/tmux/execTmux';
import { Supervisor } from '../../../main/core/supervisor';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';

const run = promisify(execFile);
/** Enough to show the bound (hundreds at once before); the fault suite and bench go to 1,000. */
const DEAD_SOCKETS = 300;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'alive', 'sleep 300'], 'live');
  // Sockets whose listener died without removing them (SIGKILL leaves the files).
  const script = `
    const net = require('node:net');
    let n = 0;
    for (let i = 0; i < ${DEAD_SOCKETS}; i++)
      net.createServer().listen(require('node:path').join(process.argv[1], 'dead-' + i), () => {
        if (++n === ${DEAD_SOCKETS}) process.kill(process.pid, 'SIGKILL');
      });`;
  await run(process.execPath, ['-e', script, sandbox.socketDir]).catch(() => undefined);
});

afterAll(async () => {
  await sandbox.cleanup();
});

describe.each([
  ['list (one-shot)', true],
  ['watch (live)', false],
])(`${DEAD_SOCKETS} dead sockets, %s`, (_label, oneShot) => {
  it(`are reported down with at most ${MAX_TMUX_PROCESSES} tmux processes at once`, async () => {
    tmuxProcessStats(true);
    const supervisor = new Supervisor({ env: sandbox.env, oneShot, hooks: false, warn: () => {} });
    try {
      await supervisor.start();
      const servers = supervisor.servers();
      const dead = servers.filter((s) => s.socket.startsWith(join(sandbox.socketDir, 'dead-')));
      expect(dead).toHaveLength(DEAD_SOCKETS);
      expect(dead.every((s) => s.state === 'down')).toBe(true);
      expect(supervisor.sessions().map((s) => s.name)).toEqual(['alive']);
      expect(tmuxProcessStats().peak).toBeLessThanOrEqual(MAX_TMUX_PROCESSES);
      if (!oneShot) {
        // No control client per dead socket: only the live server has one.
        const { stdout } = await run('pgrep', ['-f', '-c', `${sandbox.socketDir}/dead-`]).catch(
          () => ({ stdout: '0' }),
        );
        expect(Number(stdout.trim())).toBeLessThanOrEqual(MAX_TMUX_PROCESSES);
      }
    } finally {
      supervisor.dispose();
    }
  });
});

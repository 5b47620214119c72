/**
 * A tmux server killed with SIGKILL (issue 19's fault suite): its sessions
 * end (not live, exit unknown, never "done"), its server is reported down
 * while its socket file is left behind, and once a new server starts on the
 * same socket the supervisor connects to it and shows exactly its sessions,
 * a new session of an old name included, with nothing stale kept live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../preload/contract';
import { cli } from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, type Supervised } from '../../helpers/supervise';

let sandbox: Sandbox;
let s: Supervised;

beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'old-a', 'sleep 300']);
  await sandbox.tmux(['new-session', '-d', '-s', 'old-b', 'sleep 300']);
  s = await supervise(sandbox, { hooks: false, warn: () => {} });
});

afterAll(async () => {
  s.supervisor.dispose();
  await sandbox.cleanup();
});

const server = () => s.supervisor.servers().find((x) => x.socket === sandbox.socket());
const liveHere = (): Session[] =>
  s.supervisor.sessions().filter((x) => x.live && x.socket === sandbox.socket());

describe('a tmux server killed with SIGKILL, then started again on the same socket', () => {
  it('ends its sessions, reports the server down, then follows the new server', async () => {
    await eventually(() => liveHere().length === 2 || null, 'both sessions live');
    const pid = Number((await sandbox.tmux(['display-message', '-p', '#{pid}'])).trim());
    process.kill(pid, 'SIGKILL');

    await eventually(
      () => (liveHere().length === 0 && server()?.state === 'down' ? true : null),
      'the sessions to end and the server to be down',
    );
    for (const name of ['old-a', 'old-b']) {
      const row = s.named(name)!;
      expect(row.live).toBe(false);
      // Killed with its server: nobody saw it finish, so never "done".
      expect(row.status).toBe('unknown');
      expect(row.ended).toBeTruthy();
    }
    expect(server()?.error).toMatch(/no tmux server is listening/);
    // What watch prints and notifications say: the server went, not just "ended".
    for (const name of ['old-a', 'old-b']) {
      const ended = s.transitions.find((t) => t.name === name && t.to === 'unknown');
      expect(ended?.reason).toMatch(/its tmux server went away/);
    }

    // A one-shot list meets the stale socket file: it says the server is down, and fails nothing.
    const listed = await cli(sandbox, ['list', '--json']);
    expect(listed.code, listed.err).toBe(0);
    const snapshot = JSON.parse(listed.out) as {
      sessions: Session[];
      servers: { socket: string; state: string }[];
    };
    expect(snapshot.sessions.filter((x) => x.live)).toEqual([]);
    expect(snapshot.servers.find((x) => x.socket === sandbox.socket())?.state).toBe('down');

    // A new server on the same socket, with a session of an old name and a new one.
    await sandbox.tmux(['new-session', '-d', '-s', 'old-a', 'sleep 300']);
    await sandbox.tmux(['new-session', '-d', '-s', 'new-c', 'sleep 300']);
    const newPane = (
      await sandbox.tmux(['display-message', '-p', '-t', '=old-a:', '#{pane_id}'])
    ).trim();
    await eventually(
      () => (liveHere().length === 2 && server()?.state === 'up' ? true : null),
      'the supervisor to follow the new server',
    );
    expect(
      liveHere()
        .map((x) => x.name)
        .sort(),
    ).toEqual(['new-c', 'old-a']);
    expect(
      liveHere()
        .find((x) => x.name === 'old-a')!
        .panes.map((p) => p.id),
    ).toEqual([newPane]);
    expect(server()).toMatchObject({ state: 'up', error: null, sessionCount: 2 });
    // The old session of that name stays an ended row beside the new live one; old-b stays ended.
    const oldA = s.supervisor.sessions().filter((x) => x.name === 'old-a' && !x.live);
    expect(oldA).toHaveLength(1);
    expect(s.named('old-b')?.live).toBe(false);
  });
});

/**
 * Targets added at runtime (what the settings call): a socket and a
 * project root given to a running supervisor are watched from then on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, WAIT_MS, type Supervised } from '../../helpers/supervise';

describe('Supervisor.setWatchTargets', () => {
  let sandbox: Sandbox;
  let s: Supervised;

  beforeAll(async () => {
    sandbox = await createSandbox();
    s = await supervise(sandbox);
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  it('watches a socket and a project root added at runtime, and drops them when removed', async () => {
    const socket = join(sandbox.root, 'custom', 'agents.sock');
    await mkdir(join(sandbox.root, 'custom'), { recursive: true });
    await sandbox.tmuxAt(socket, ['new-session', '-d', '-s', 'outside-the-socket-dir']);
    const root = join(sandbox.root, 'proj');
    await mkdir(join(root, '.claude', 'pipeline-runs', 'later'), { recursive: true });
    await writeFile(
      join(root, '.claude', 'pipeline-runs', 'later', 'state.json'),
      JSON.stringify({ status: 'complete' }),
    );
    expect(s.named('outside-the-socket-dir')).toBeUndefined();

    s.supervisor.setWatchTargets({ sockets: [socket], projectRoots: [root] });
    await eventually(
      () => s.named('outside-the-socket-dir'),
      'the session on the added socket',
      WAIT_MS,
    );
    expect(s.supervisor.servers().find((x) => x.socket === socket)?.origins).toEqual(['settings']);
    expect(await s.reach('later', 'done')).toMatchObject({
      reason: 'pipeline complete',
      live: false,
    });

    s.supervisor.setWatchTargets({ sockets: [], projectRoots: [] });
    await eventually(
      () => !s.named('outside-the-socket-dir') && !s.named('later'),
      'both to go',
      WAIT_MS,
    );
    expect(s.supervisor.servers().find((x) => x.socket === socket)).toBeUndefined();
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionsDelta, Transition } from '../../../preload/contract';
import { Supervisor } from '../../../main/core/supervisor';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

describe('Supervisor.setWatchTargets (real tmux)', () => {
  let sandbox: Sandbox;
  let supervisor: Supervisor;
  let elsewhere: string;
  const transitions: Transition[] = [];
  const deltas: SessionsDelta[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox();
    // A server whose socket is outside the tmux socket dir: only a setting finds it.
    elsewhere = join(sandbox.root, 'tmp', 'agents.sock');
    await sandbox.tmuxAt(elsewhere, ['new-session', '-d', '-s', 'far away']);
    await sandbox.tmux(['new-session', '-d', '-s', 'near']);
    supervisor = new Supervisor({ env: sandbox.env, pollMs: 200 });
    supervisor.on('transition', (t) => transitions.push(t));
    supervisor.on('delta', (d) => deltas.push(d));
    await supervisor.start();
  });

  afterAll(async () => {
    supervisor.dispose();
    await sandbox.cleanup();
  });

  const names = (): string[] =>
    supervisor
      .sessions()
      .map((s) => s.name)
      .sort();

  it('watches a socket named in the settings, at once, its sessions found as initial', async () => {
    expect(names()).toEqual(['near']);
    supervisor.setWatchTargets({ sockets: [elsewhere], projectRoots: ['/srv/projects'] });
    await eventually(() => names().includes('far away'), 'the session on the extra socket');
    expect(supervisor.servers().find((s) => s.socket === elsewhere)).toMatchObject({
      origins: ['settings'],
      state: 'up',
    });
    expect(transitions.find((t) => t.name === 'far away')).toMatchObject({ initial: true });
    expect(supervisor.watchedProjectRoots()).toEqual(['/srv/projects']);
  });

  it('forgets that server and its sessions when the setting is removed', async () => {
    deltas.length = 0;
    supervisor.setWatchTargets({ sockets: [], projectRoots: [] });
    await eventually(() => !names().includes('far away'), 'the extra socket to be dropped');
    expect(names()).toEqual(['near']);
    expect(supervisor.servers().map((s) => s.socket)).not.toContain(elsewhere);
    const removal = deltas.find((d) => d.remove.length > 0);
    expect(removal?.remove).toEqual([`tmux:${elsewhere}:far away`]);
    expect(removal?.servers?.map((s) => s.socket)).not.toContain(elsewhere);
  });

  it('keeps a server the socket directory also finds when a setting names it and is removed', async () => {
    const near = sandbox.socket();
    supervisor.setWatchTargets({ sockets: [near], projectRoots: [] });
    await eventually(
      () =>
        supervisor
          .servers()
          .find((s) => s.socket === near)
          ?.origins.includes('settings'),
      'the settings origin on the default socket',
    );
    supervisor.setWatchTargets({ sockets: [], projectRoots: [] });
    await eventually(
      () =>
        !supervisor
          .servers()
          .find((s) => s.socket === near)
          ?.origins.includes('settings'),
      'the settings origin to go',
    );
    expect(names()).toEqual(['near']);
  });
});

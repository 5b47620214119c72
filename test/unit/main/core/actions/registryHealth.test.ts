import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { entryHealth, parseTarget } from '../../../../../main/core/actions/cleanup/registryHealth';
import type { RegistryEntry } from '../../../../../main/core/sources/tmuxSkill/registry';
import { samplePaneFacts } from '../../../../helpers/paneFacts';
import type { PaneFacts } from '../../../../../main/core/tmux/formats';
import type { ServerScan } from '../../../../../main/core/tmux/scanServers';

const entry = (target: string | null): RegistryEntry => ({
  name: 'repl',
  socket: '/s',
  target,
  type: 'python-repl',
  createdAt: null,
  lastActive: null,
  pid: null,
});

function pane(over: Partial<PaneFacts>): PaneFacts {
  return samplePaneFacts({ pid: process.pid, currentCommand: 'python3', ...over });
}

function scan(panes: PaneFacts[], state: ServerScan['state'] = 'up'): ServerScan {
  return {
    socket: '/s',
    origins: [],
    state,
    error: state === 'up' ? null : 'no tmux server is listening on /s',
    sessions:
      state === 'up'
        ? [
            {
              sessionId: '$1',
              name: 'repl',
              createdAt: 1,
              windows: 1,
              path: '/',
              panes,
              lastActivity: null,
              attachedClients: 0,
            },
          ]
        : [],
  };
}

describe("the tmux skill's pane-health classes", () => {
  it('reads targets as the skill writes them', () => {
    expect(parseTarget('repl:0.1', 'x')).toEqual({ session: 'repl', window: 0, pane: 1 });
    expect(parseTarget('repl:2', 'x')).toEqual({ session: 'repl', window: 2, pane: null });
    expect(parseTarget(null, 'x')).toEqual({ session: 'x', window: null, pane: null });
  });

  it('server down, missing session, missing pane, dead, zombie, healthy', () => {
    const gone = spawnSync('true').pid;
    expect(entryHealth(entry('repl:0.0'), scan([], 'down')).health).toBe('serverDown');
    expect(entryHealth(entry('other:0.0'), scan([pane({})])).health).toBe('missing');
    expect(entryHealth(entry('repl:0.3'), scan([pane({})])).health).toBe('missing');
    expect(
      entryHealth(entry('repl:0.0'), scan([pane({ dead: true, exitStatus: 1 })])),
    ).toMatchObject({
      health: 'dead',
      detail: 'pane repl:0.0 is dead (exited with status 1)',
    });
    expect(entryHealth(entry('repl:0.0'), scan([pane({ pid: gone })]))).toMatchObject({
      health: 'zombie',
      detail: `pane repl:0.0 is there but its process ${gone} is gone`,
    });
    expect(entryHealth(entry('repl:0.0'), scan([pane({})])).health).toBe('healthy');
  });
});

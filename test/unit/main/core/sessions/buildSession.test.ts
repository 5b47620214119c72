import { describe, expect, it } from 'vitest';
import { SessionSchema } from '../../../../../preload/contract';
import { buildSession, type SessionInputs } from '../../../../../main/core/sessions/buildSession';
import { emptyRun } from '../../../../../main/core/sources/pipeline/runFacts';
import { parseState } from '../../../../../main/core/sources/pipeline/stateFile';
import type { PaneFacts, TmuxSessionFacts } from '../../../../../main/core/tmux/formats';
import { samplePaneFacts } from '../../../../helpers/paneFacts';

const NOW = Date.parse('2026-11-21T10:00:00Z');

function pane(overrides: Partial<PaneFacts> = {}): PaneFacts {
  return samplePaneFacts({ currentPath: '/p', windowActivity: NOW / 1000 - 60, ...overrides });
}
function facts(name: string, panes: PaneFacts[]): TmuxSessionFacts {
  const last = Math.max(...panes.map((p) => p.windowActivity ?? 0));
  return {
    sessionId: '$1',
    name,
    createdAt: NOW / 1000 - 600,
    windows: 1,
    path: '/p',
    panes,
    lastActivity: last,
    attachedClients: 0,
  };
}
function inputs(overrides: Partial<SessionInputs>): SessionInputs {
  return {
    id: 'x',
    nowMs: NOW,
    tmux: null,
    run: null,
    runRef: null,
    maxFromPane: null,
    skill: null,
    skillServer: false,
    schmux: null,
    screen: [],
    hooks: [],
    ...overrides,
  };
}

describe('buildSession', () => {
  it('a plain session: process facts and activity decide; the result fits the contract', () => {
    const built = buildSession(
      inputs({ id: 'tmux:/s:work', tmux: { socket: '/s', facts: facts('work', [pane()]) } }),
    );
    expect(built?.session).toMatchObject({
      status: 'idle',
      source: 'plain',
      live: true,
      agent: null,
      exit: null,
    });
    expect(SessionSchema.safeParse(built?.session).success).toBe(true);
  });

  it('a dead pane with its exit: exit info, deadPane flag, no recheck', () => {
    const dead = pane({ dead: true, pid: null, exitStatus: 3, deadAt: NOW / 1000 - 5 });
    const built = buildSession(inputs({ tmux: { socket: '/s', facts: facts('w', [dead]) } }));
    expect(built?.session).toMatchObject({
      status: 'crashed',
      reason: 'pane %1 exited with status 3',
      flags: { deadPane: true },
    });
    expect(built?.session.exit).toEqual({
      status: 3,
      signal: null,
      at: new Date(NOW - 5000).toISOString(),
    });
    expect(built?.recheckAt).toBeNull();
  });

  it('recent output: working, rechecked when the window of activity closes', () => {
    const built = buildSession(
      inputs({ tmux: { socket: '/s', facts: facts('w', [pane({ windowActivity: NOW / 1000 })]) } }),
    );
    expect(built?.session.status).toBe('working');
    expect(built?.recheckAt).toBe(NOW + 3001);
  });

  it('a pipeline run whose tmux session is gone stays, crashed and a zombie, with the run name', () => {
    const run = emptyRun('/p', 'auth', 'claude');
    const parsed = parseState(JSON.stringify({ status: 'running', iteration: 2 }));
    if (parsed.ok) run.state = { state: 'ok', value: parsed.state, mtimeMs: NOW - 1000 };
    const built = buildSession(
      inputs({ id: 'pipeline:/p:auth', run, runRef: { projectDir: '/p', runName: 'auth' } }),
    );
    expect(built?.session).toMatchObject({
      name: 'auth',
      source: 'pipeline',
      live: false,
      socket: null,
      status: 'crashed',
      flags: { zombie: true, staleLock: false },
      pipeline: { runName: 'auth', iteration: 2, state: 'running' },
    });
    expect(SessionSchema.safeParse(built?.session).success).toBe(true);
  });

  it('nothing left (no tmux session, no files, no registry): no session', () => {
    expect(
      buildSession(
        inputs({ run: emptyRun('/p', 'x', 'claude'), runRef: { projectDir: '/p', runName: 'x' } }),
      ),
    ).toBeNull();
  });

  it('a hook beats quiet; a screen prompt beats activity; the agent is named', () => {
    const tmux = { socket: '/s', facts: facts('c', [pane({ currentCommand: 'claude' })]) };
    const hook = {
      paneId: '%1',
      agent: 'claude' as const,
      signal: {
        rank: 'agent' as const,
        status: 'waiting' as const,
        signal: 'hook:PermissionRequest',
        detail: 'Permission prompt: Bash(ls)',
        at: NOW - 1000,
      },
    };
    expect(buildSession(inputs({ tmux, hooks: [hook] }))?.session).toMatchObject({
      status: 'waiting',
      reason: 'Permission prompt: Bash(ls)',
      agent: 'claude',
    });
    const screen = {
      ...hook,
      signal: {
        ...hook.signal,
        rank: 'screen' as const,
        signal: 'screen:yes-no',
        detail: 'Question: go? [y/N]',
      },
      agent: null,
    };
    expect(buildSession(inputs({ tmux, screen: [screen] }))?.session).toMatchObject({
      status: 'waiting',
      reason: 'Question: go? [y/N]',
      agent: 'claude',
    });
  });

  it('a registry entry whose session is missing: unknown, with the health and the reason', () => {
    const built = buildSession(
      inputs({
        id: 'tmux:/sk/claude.sock:calc',
        skill: {
          serverUp: true,
          entry: {
            registry: '/sk/.sessions.json',
            entry: {
              name: 'calc',
              socket: '/sk/claude.sock',
              target: 'calc:0.0',
              type: 'python-repl',
              createdAt: null,
              lastActive: null,
              pid: null,
            },
          },
        },
      }),
    );
    expect(built?.session).toMatchObject({
      source: 'tmuxSkill',
      live: false,
      status: 'unknown',
      reason: 'registered in /sk/.sessions.json, but its session is missing',
      tmuxSkill: { health: 'missing', type: 'python-repl' },
      agent: 'python',
    });
  });

  it('schmux: nickname as display name, the agent’s own state by its rule', () => {
    const built = buildSession(
      inputs({
        tmux: { socket: '/s', facts: facts('schmux-abc', [pane()]) },
        schmux: {
          session: {
            id: 'abc',
            workspaceId: 'w',
            workspacePath: '/ws',
            target: 'claude',
            nickname: 'fixer',
            tmuxSession: 'schmux-abc',
            tmuxSocket: 'schmux',
            status: 'running',
            createdAt: null,
          },
          events: {
            ok: true,
            mtimeMs: NOW,
            value: { state: 'needs_input', message: 'may I push?', ts: '2026-11-21T09:59:00Z' },
          },
        },
      }),
    );
    expect(built?.session).toMatchObject({
      displayName: 'fixer',
      source: 'schmux',
      status: 'waiting',
      reason: 'agent needs input: may I push?',
      schmux: { id: 'abc', workspacePath: '/ws', agentState: 'needs_input' },
    });
  });
});

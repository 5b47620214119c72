import { describe, expect, it } from 'vitest';
import { agentStateFromEvents } from '../../../../../../main/core/sources/schmux/events';
import {
  parseSchmuxState,
  schmuxSocketPath,
} from '../../../../../../main/core/sources/schmux/stateFile';

const line = (state: string, message = ''): string =>
  JSON.stringify({ ts: '2026-11-21T10:00:00Z', type: 'status', state, message });

describe('schmux state.json', () => {
  it('reads sessions with their workspace path, nickname and socket', () => {
    const parsed = parseSchmuxState(
      JSON.stringify({
        workspaces: [{ id: 'w1', repo: 'r', branch: 'b', path: '/ws/one' }],
        sessions: [
          {
            id: 'abc',
            workspace_id: 'w1',
            target: 'claude',
            nickname: 'fixer',
            tmux_session: 'schmux-abc',
            tmux_socket: 'schmux',
            status: 'running',
          },
          { id: 'old', workspace_id: 'w9', tmux_socket: '' },
          { nickname: 'no id' },
        ],
      }),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.state.sessions[0]).toMatchObject({
      id: 'abc',
      workspacePath: '/ws/one',
      nickname: 'fixer',
      tmuxSession: 'schmux-abc',
    });
    expect(parsed.state.sessions[1]).toMatchObject({
      id: 'old',
      tmuxSession: 'schmux-old',
      tmuxSocket: '',
      workspacePath: null,
    });
    expect(parsed.state.problems).toEqual(['schmux state.json: session #3 has no id']);
  });

  it('an empty tmux_socket is the default server, a name a -L server, a path itself', () => {
    const env = { TMUX_TMPDIR: '/t' };
    const uid = process.getuid?.() ?? 0;
    expect(schmuxSocketPath('', env)).toBe(`/t/tmux-${uid}/default`);
    expect(schmuxSocketPath('schmux', env)).toBe(`/t/tmux-${uid}/schmux`);
    expect(schmuxSocketPath('/run/x.sock', env)).toBe('/run/x.sock');
  });

  it('rejects what is not a state file with a reason', () => {
    expect(parseSchmuxState('[]')).toEqual({
      ok: false,
      error: 'schmux state.json is not a JSON object',
    });
    expect(parseSchmuxState('{"sessions": 3}').ok).toBe(false);
  });
});

describe("schmux's agent signal rule", () => {
  it('a blocking or terminal state is not overwritten by a lower one', () => {
    expect(
      agentStateFromEvents([line('needs_input', 'may I?'), line('completed')].join('\n')),
    ).toMatchObject({
      state: 'needs_input',
      message: 'may I?',
    });
    expect(
      agentStateFromEvents([line('completed'), line('error', 'build failed')].join('\n'))?.state,
    ).toBe('error');
  });

  it('working always wins, and clears the way for lower states', () => {
    expect(agentStateFromEvents([line('error'), line('working')].join('\n'))?.state).toBe(
      'working',
    );
    expect(
      agentStateFromEvents([line('needs_input'), line('working'), line('completed')].join('\n'))
        ?.state,
    ).toBe('completed');
  });

  it('skips malformed lines and other event types', () => {
    const text = [
      '{bad',
      line('working'),
      '{"type":"failure","state":"error"}',
      '',
      line('banana'),
    ].join('\n');
    expect(agentStateFromEvents(text)?.state).toBe('working');
    expect(agentStateFromEvents('')).toBeNull();
  });
});

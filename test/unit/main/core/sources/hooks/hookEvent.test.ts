import { describe, expect, it } from 'vitest';
import {
  describeToolCall,
  hookVerdict,
  parseHookMessage,
  socketFromTmuxEnv,
  type HookMessage,
} from '../../../../../../main/core/sources/hooks/hookEvent';

const AT = Date.parse('2026-11-21T10:00:00Z');
const claude = (event: unknown): HookMessage => ({
  v: 1,
  kind: 'claude',
  event,
  tmux: null,
  tmuxPane: null,
  cwd: null,
  at: AT,
});

describe('hook events', () => {
  it('maps Claude Code events to states, naming what was asked', () => {
    const cases: [unknown, string, string][] = [
      [
        {
          hook_event_name: 'PermissionRequest',
          tool_name: 'Bash',
          tool_input: { command: 'rm -rf build' },
        },
        'waiting',
        'Permission prompt: Bash(rm -rf build)',
      ],
      [
        {
          hook_event_name: 'Notification',
          notification_type: 'permission_prompt',
          message: 'Claude needs your permission to use Bash',
        },
        'waiting',
        'Permission prompt: Claude needs your permission to use Bash',
      ],
      [
        {
          hook_event_name: 'Notification',
          notification_type: 'elicitation_dialog',
          message: 'Pick one',
        },
        'waiting',
        'Question: Pick one',
      ],
      [
        { hook_event_name: 'Notification', message: 'Claude is waiting for your input' },
        'idle',
        'Claude Code is waiting for input (Claude is waiting for your input)',
      ],
      [{ hook_event_name: 'Stop' }, 'idle', 'Claude Code finished its turn'],
      [
        { hook_event_name: 'SessionStart', source: 'startup' },
        'idle',
        'Claude Code session started (startup)',
      ],
      [
        { hook_event_name: 'UserPromptSubmit', prompt: 'go' },
        'working',
        'prompt submitted; Claude Code is working',
      ],
      [
        { hook_event_name: 'SessionEnd', reason: 'logout' },
        'idle',
        'Claude Code session ended (logout)',
      ],
    ];
    for (const [event, status, detail] of cases) {
      expect(hookVerdict(claude(event))?.signal, JSON.stringify(event)).toMatchObject({
        rank: 'agent',
        status,
        detail,
        at: AT,
      });
    }
  });

  it('ignores events that say nothing about the status, and garbage', () => {
    expect(hookVerdict(claude({ hook_event_name: 'SubagentStop' }))).toBeNull();
    expect(hookVerdict(claude(null))).toBeNull();
    expect(hookVerdict(claude('text'))).toBeNull();
  });

  it("maps Codex's notify events", () => {
    const message: HookMessage = { ...claude({ type: 'agent-turn-complete' }), kind: 'codex' };
    expect(hookVerdict(message)).toMatchObject({
      agent: 'codex',
      signal: { status: 'idle', detail: 'Codex finished its turn' },
    });
  });

  it('names tool calls by their main argument', () => {
    expect(describeToolCall('Edit', { file_path: 'src/a.ts', old_string: 'x' })).toBe(
      'Edit(src/a.ts)',
    );
    expect(describeToolCall('Task', {})).toBe('Task');
    expect(describeToolCall(null, null)).toBe('a tool');
  });

  it('reads the socket out of $TMUX, commas in the path included', () => {
    expect(socketFromTmuxEnv('/tmp/tmux-1000/default,1234,0')).toBe('/tmp/tmux-1000/default');
    expect(socketFromTmuxEnv('/odd,dir/sock,1,2')).toBe('/odd,dir/sock');
    expect(socketFromTmuxEnv('nonsense')).toBeNull();
    expect(socketFromTmuxEnv(null)).toBeNull();
  });

  it('parses only well-formed wire messages', () => {
    expect(parseHookMessage(JSON.stringify(claude({ hook_event_name: 'Stop' })))).toMatchObject({
      kind: 'claude',
    });
    expect(parseHookMessage('{"v":2}')).toBeNull();
    expect(parseHookMessage('not json')).toBeNull();
  });
});

/**
 * Agent hook events as `loopwatch hook` delivers them, and what each says
 * about the session it came from.
 *
 * Claude Code (FIELD.md section 5) runs a hook command with one JSON object
 * on stdin: `session_id`, `cwd`, `hook_event_name`, and per event more
 * (`message` / `notification_type` for Notification, `tool_name` /
 * `tool_input` for PermissionRequest, `reason` for SessionEnd, `source`
 * for SessionStart). Codex runs its `notify` program with one JSON
 * argument (`{"type": "agent-turn-complete", ...}`).
 */
import { z } from 'zod';
import type { AgentKind } from '../../../../preload/contract';
import type { Signal } from '../../status/engine';
import { oneLine } from '../../text';

/** Wire format version of a delivered hook message. */
export const HOOK_WIRE_VERSION = 1;
/** Longest hook message accepted (a tool_input can carry a whole file edit). */
export const MAX_HOOK_MESSAGE_BYTES = 1024 * 1024;
/**
 * When a hook can have run: a time outside this is not one (and past
 * ±8.64e15 ms no Date can even hold it: `toISOString` throws RangeError).
 */
export const EARLIEST_HOOK_MS = Date.UTC(2000, 0, 1);
export const LATEST_HOOK_MS = Date.UTC(2200, 0, 1);
/** Longest text quoted from an event in a reason. */
const MAX_QUOTE_CHARS = 120;

export const HookMessageSchema = z.object({
  v: z.literal(HOOK_WIRE_VERSION),
  kind: z.enum(['claude', 'codex', 'gemini']),
  /** The event as the agent gave it (parsed JSON, or null when it was not JSON). */
  event: z.unknown(),
  /** `$TMUX` of the hook process: "SOCKET,SERVER_PID,SESSION_INDEX". */
  tmux: z.string().nullable(),
  /** `$TMUX_PANE`: "%N". */
  tmuxPane: z.string().nullable(),
  cwd: z.string().nullable(),
  /** When the hook ran (ms since the epoch). */
  at: z.number().int().min(EARLIEST_HOOK_MS).max(LATEST_HOOK_MS),
});
export type HookMessage = z.infer<typeof HookMessageSchema>;

/** The socket path in `$TMUX` (the path itself may hold commas: cut the last two fields). */
export function socketFromTmuxEnv(tmux: string | null): string | null {
  if (!tmux) return null;
  const parts = tmux.split(',');
  if (parts.length < 3) return null;
  const socket = parts.slice(0, -2).join(',');
  return socket === '' ? null : socket;
}

function quote(text: string): string {
  return oneLine(text, MAX_QUOTE_CHARS);
}

function str(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** "Bash(rm -rf build)", "Edit(src/a.ts)", or the tool's name. */
export function describeToolCall(tool: string | null, input: unknown): string {
  const name = tool ?? 'a tool';
  if (typeof input !== 'object' || input === null) return name;
  const args = input as Record<string, unknown>;
  const arg =
    str(args, 'command') ??
    str(args, 'file_path') ??
    str(args, 'notebook_path') ??
    str(args, 'url') ??
    str(args, 'pattern') ??
    str(args, 'path') ??
    str(args, 'description');
  return arg ? `${name}(${quote(arg)})` : name;
}

export interface HookVerdict {
  signal: Signal;
  agent: AgentKind;
}

/** Claude Code's events; Codex's hooks send the same (`who` names the agent in reasons). */
function claudeSignal(
  event: Record<string, unknown>,
  at: number,
  who = 'Claude Code',
): Signal | null {
  const name = str(event, 'hook_event_name');
  const make = (status: Signal['status'], signal: string, detail: string): Signal => ({
    rank: 'agent',
    status,
    signal: `hook:${signal}`,
    detail,
    at,
  });
  switch (name) {
    case 'Notification': {
      const message = str(event, 'message');
      const type =
        str(event, 'notification_type') ??
        (message && /permission/i.test(message)
          ? 'permission_prompt'
          : message && /waiting for your input/i.test(message)
            ? 'idle_prompt'
            : null);
      const said = message ? quote(message) : null;
      if (type === 'permission_prompt') {
        return make(
          'waiting',
          'Notification:permission_prompt',
          `Permission prompt: ${said ?? `${who} asks for permission`}`,
        );
      }
      if (type === 'elicitation_dialog') {
        return make(
          'waiting',
          'Notification:elicitation_dialog',
          `Question: ${said ?? `${who} asks a question`}`,
        );
      }
      if (type === 'idle_prompt') {
        return make(
          'idle',
          'Notification:idle_prompt',
          `${who} is waiting for input${said ? ` (${said})` : ''}`,
        );
      }
      if (type === 'auth_success') return null;
      return make(
        'waiting',
        `Notification${type ? `:${type}` : ''}`,
        `Notification: ${said ?? `${who} wants attention`}`,
      );
    }
    case 'PermissionRequest':
      return make(
        'waiting',
        'PermissionRequest',
        `Permission prompt: ${describeToolCall(str(event, 'tool_name'), event.tool_input)}`,
      );
    case 'Stop':
      return make('idle', 'Stop', `${who} finished its turn`);
    case 'SessionStart': {
      const source = str(event, 'source');
      return make('idle', 'SessionStart', `${who} session started${source ? ` (${source})` : ''}`);
    }
    case 'UserPromptSubmit':
      return make('working', 'UserPromptSubmit', `prompt submitted; ${who} is working`);
    case 'PreToolUse':
      return make(
        'working',
        'PreToolUse',
        `running ${describeToolCall(str(event, 'tool_name'), event.tool_input)}`,
      );
    case 'PostToolUse':
      return make(
        'working',
        'PostToolUse',
        `ran ${describeToolCall(str(event, 'tool_name'), event.tool_input)}`,
      );
    case 'PreCompact':
      return make('working', 'PreCompact', `${who} is compacting the conversation`);
    case 'SessionEnd': {
      const reason = str(event, 'reason');
      return make('idle', 'SessionEnd', `${who} session ended${reason ? ` (${reason})` : ''}`);
    }
    default:
      return null;
  }
}

/** Gemini CLI's hook events (its own names: docs/hooks/reference.md). */
function geminiSignal(event: Record<string, unknown>, at: number): Signal | null {
  const name = str(event, 'hook_event_name');
  const make = (status: Signal['status'], signal: string, detail: string): Signal => ({
    rank: 'agent',
    status,
    signal: `gemini:${signal}`,
    detail,
    at,
  });
  switch (name) {
    case 'Notification': {
      const message = str(event, 'message');
      const type = str(event, 'notification_type');
      if (type === 'ToolPermission') {
        return make(
          'waiting',
          'Notification:ToolPermission',
          `Gemini permission prompt${message ? `: ${quote(message)}` : ''}`,
        );
      }
      return make(
        'waiting',
        `Notification${type ? `:${type}` : ''}`,
        `Gemini CLI: ${message ? quote(message) : 'wants attention'}`,
      );
    }
    case 'BeforeAgent':
      return make('working', 'BeforeAgent', 'prompt submitted; Gemini CLI is working');
    case 'BeforeTool':
    case 'AfterTool':
      return make(
        'working',
        name,
        `${name === 'BeforeTool' ? 'running' : 'ran'} ${str(event, 'tool_name') ?? 'a tool'}`,
      );
    case 'AfterAgent':
      return make('idle', 'AfterAgent', 'Gemini CLI finished its turn');
    case 'SessionStart': {
      const source = str(event, 'source');
      return make(
        'idle',
        'SessionStart',
        `Gemini CLI session started${source ? ` (${source})` : ''}`,
      );
    }
    case 'SessionEnd': {
      const reason = str(event, 'reason');
      return make('idle', 'SessionEnd', `Gemini CLI session ended${reason ? ` (${reason})` : ''}`);
    }
    default:
      return null;
  }
}

function codexSignal(event: Record<string, unknown>, at: number): Signal | null {
  // Codex's hooks (hooks.json) send Claude's shape; its notify program sends `type`.
  if (str(event, 'hook_event_name')) return claudeSignal(event, at, 'Codex');
  const type = str(event, 'type');
  if (type === 'agent-turn-complete') {
    return {
      rank: 'agent',
      status: 'idle',
      signal: 'codex:agent-turn-complete',
      detail: 'Codex finished its turn',
      at,
    };
  }
  if (type === 'approval-requested') {
    return {
      rank: 'agent',
      status: 'waiting',
      signal: 'codex:approval-requested',
      detail: 'Codex approval request',
      at,
    };
  }
  return null;
}

/** What a hook message says, or null for events that say nothing about the status. */
export function hookVerdict(message: HookMessage): HookVerdict | null {
  const event = message.event;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return null;
  const record = event as Record<string, unknown>;
  const signal =
    message.kind === 'codex'
      ? codexSignal(record, message.at)
      : message.kind === 'gemini'
        ? geminiSignal(record, message.at)
        : claudeSignal(record, message.at);
  return signal ? { signal, agent: message.kind } : null;
}

export type HookLine = { ok: true; message: HookMessage } | { ok: false; error: string };

/** Parse one wire line, saying why it is not a hook message when it is not. */
export function parseHookLine(line: string): HookLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: 'a hook line that is not JSON was dropped' };
  }
  const parsed = HookMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the message';
  return {
    ok: false,
    error: `a hook message was dropped: ${where}: ${issue?.message ?? 'not a hook message'}`,
  };
}

/** Parse one wire line; null when it is not a hook message. */
export function parseHookMessage(line: string): HookMessage | null {
  const parsed = parseHookLine(line);
  return parsed.ok ? parsed.message : null;
}

/**
 * Anthropic Messages API (`POST /v1/messages`, SSE when `stream`), as
 * Claude Code calls it through ANTHROPIC_BASE_URL. Side requests (no tools:
 * titles, summaries) get a short reply; the main loop follows the script.
 */
import type { ServerResponse } from 'node:http';
import { actionFor, BASH_COMMAND, EDIT_FILE, turnOf, type Action, type TurnPart } from './script';
import { json, sse, textOf, type ApiHandler } from './server';

interface Message {
  role: string;
  content: unknown;
}

interface MessagesRequest {
  model?: string;
  stream?: boolean;
  messages?: Message[];
  tools?: { name?: string }[];
}

/** Claude Code's tool names and the input each scripted call sends. */
function toolCall(
  tool: 'bash' | 'edit' | 'ask',
  cwdFile: string,
): { name: string; input: unknown } {
  switch (tool) {
    case 'bash':
      return {
        name: 'Bash',
        input: { command: BASH_COMMAND, description: 'Create a marker file' },
      };
    case 'edit':
      return { name: 'Write', input: { file_path: cwdFile, content: 'written by the lab\n' } };
    case 'ask':
      return {
        name: 'AskUserQuestion',
        input: {
          questions: [
            {
              question: 'Which colour should the lab use?',
              header: 'Colour',
              multiSelect: false,
              options: [
                { label: 'Red', description: 'A warm colour' },
                { label: 'Blue', description: 'A cool colour' },
              ],
            },
          ],
        },
      };
  }
}

function lastUserTurn(messages: Message[]): { text: string; afterTool: boolean } {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return { text: '', afterTool: false };
  if (!Array.isArray(last.content)) return turnOf([{ kind: 'text', text: textOf(last.content) }]);
  return turnOf(
    (last.content as { type?: string; text?: unknown }[]).map((p): TurnPart =>
      p.type === 'tool_result'
        ? { kind: 'toolResult', text: '' }
        : { kind: 'text', text: typeof p.text === 'string' ? p.text : '' },
    ),
  );
}

let counter = 0;

function stream(response: ServerResponse, model: string, action: Action, cwd: string): void {
  const send = sse(response);
  const id = `msg_lab_${++counter}`;
  send('message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 1 },
    },
  });
  if (action.kind === 'tool') {
    const call = toolCall(action.tool, `${cwd}/${EDIT_FILE}`);
    send('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: `toolu_lab_${counter}`, name: call.name, input: {} },
    });
    send('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.input) },
    });
  } else {
    send('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    send('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: action.text },
    });
  }
  if (action.kind === 'hold') return; // never finished: the agent stays busy
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: action.kind === 'tool' ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: 12 },
  });
  send('message_stop', { type: 'message_stop' });
  response.end();
}

/** `cwd`: the agent's working directory (the edit tool writes a file there). */
export function anthropicApi(cwd: string): ApiHandler {
  return (request, response, server) => {
    const path = request.path.split('?')[0] ?? '';
    if (request.method !== 'POST' || !path.startsWith('/v1/messages')) return false;
    if (path.endsWith('/count_tokens')) {
      json(response, { input_tokens: 100 });
      return true;
    }
    const body = (request.body ?? {}) as MessagesRequest;
    const model = body.model ?? 'claude-lab';
    const mainLoop = (body.tools ?? []).some((t) => t.name === 'Bash');
    const turn = lastUserTurn(body.messages ?? []);
    const action: Action = mainLoop
      ? actionFor(turn.text, turn.afterTool)
      : { kind: 'text', text: 'Lab' };
    if (action.kind === 'hold') server.held.add(response);
    if (body.stream) {
      stream(response, model, action, cwd);
      return true;
    }
    json(response, {
      id: `msg_lab_${++counter}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: action.kind === 'tool' ? 'Lab' : action.text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 2 },
    });
    return true;
  };
}

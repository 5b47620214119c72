/**
 * OpenAI Responses API (`POST /v1/responses`, SSE), as Codex calls it for a
 * custom model provider with `wire_api = "responses"`: response.created,
 * output items (a message, or a function / custom tool call), then
 * response.completed. A held turn sends its first text delta and stops.
 */
import type { ServerResponse } from 'node:http';
import { actionFor, BASH_COMMAND, EDIT_FILE, turnOf, type Action, type TurnPart } from './script';
import { json, sse, type ApiHandler } from './server';

interface InputItem {
  type?: string;
  role?: string;
  content?: unknown;
}

interface Tool {
  type?: string;
  name?: string;
}

interface ResponsesRequest {
  model?: string;
  input?: InputItem[];
  tools?: Tool[];
  stream?: boolean;
}

const TOOL_RESULTS = new Set(['function_call_output', 'custom_tool_call_output']);

/** The newest user turn: the input items after the last assistant message. */
function lastTurn(input: InputItem[]): { text: string; afterTool: boolean } {
  const parts: TurnPart[] = [];
  for (const item of input) {
    if (item.type && TOOL_RESULTS.has(item.type)) parts.push({ kind: 'toolResult', text: '' });
    else if (item.role === 'user' && Array.isArray(item.content))
      for (const c of item.content as { text?: unknown }[])
        parts.push({ kind: 'text', text: typeof c.text === 'string' ? c.text : '' });
    else if (item.role === 'user' && typeof item.content === 'string')
      parts.push({ kind: 'text', text: item.content });
  }
  return turnOf(parts);
}

const PATCH = `*** Begin Patch\n*** Add File: ${EDIT_FILE}\n+written by the lab\n*** End Patch\n`;

/** The output item for a scripted tool call, shaped by the tools the request offers. */
function toolItem(tool: 'bash' | 'edit' | 'ask', tools: Tool[], id: string): object {
  const named = (name: string): Tool | undefined => tools.find((t) => t.name === name);
  const call = (name: string, args: unknown): object => ({
    type: 'function_call',
    id,
    call_id: `call_${id}`,
    name,
    arguments: JSON.stringify(args),
  });
  switch (tool) {
    case 'bash': {
      const args = {
        justification: 'Create a marker file',
        sandbox_permissions: 'require_escalated',
      };
      if (named('exec_command')) return call('exec_command', { cmd: BASH_COMMAND, ...args });
      return call('shell', { command: ['bash', '-lc', BASH_COMMAND], ...args });
    }
    case 'edit': {
      const patch = named('apply_patch');
      if (patch?.type === 'custom')
        return {
          type: 'custom_tool_call',
          id,
          call_id: `call_${id}`,
          name: 'apply_patch',
          input: PATCH,
        };
      if (patch) return call('apply_patch', { input: PATCH });
      // Without its own tool, Codex takes apply_patch run as a command (and asks as for an edit).
      return call('exec_command', { cmd: `apply_patch <<'EOF'\n${PATCH}EOF\n` });
    }
    case 'ask':
      return call('request_user_input', {
        questions: [
          {
            id: 'colour',
            header: 'Colour',
            question: 'Which colour should the lab use?',
            options: [
              { label: 'Red', description: 'A warm colour' },
              { label: 'Blue', description: 'A cool colour' },
            ],
          },
        ],
      });
  }
}

let counter = 0;

function stream(response: ServerResponse, action: Action, tools: Tool[]): void {
  const send = sse(response);
  const id = `resp_lab_${++counter}`;
  send('response.created', { type: 'response.created', response: { id } });
  if (action.kind === 'tool') {
    const item = toolItem(action.tool, tools, `fc_lab_${counter}`);
    send('response.output_item.done', { type: 'response.output_item.done', output_index: 0, item });
  } else {
    const itemId = `msg_lab_${counter}`;
    send('response.output_item.added', {
      type: 'response.output_item.added',
      output_index: 0,
      item: { type: 'message', role: 'assistant', id: itemId, content: [] },
    });
    send('response.output_text.delta', {
      type: 'response.output_text.delta',
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      delta: action.text,
    });
    if (action.kind === 'hold') return;
    send('response.output_item.done', {
      type: 'response.output_item.done',
      output_index: 0,
      item: {
        type: 'message',
        role: 'assistant',
        id: itemId,
        content: [{ type: 'output_text', text: action.text, annotations: [] }],
      },
    });
  }
  send('response.completed', {
    type: 'response.completed',
    response: {
      id,
      usage: {
        input_tokens: 10,
        input_tokens_details: null,
        output_tokens: 5,
        output_tokens_details: null,
        total_tokens: 15,
      },
    },
  });
  response.end();
}

export function openaiResponsesApi(): ApiHandler {
  return (request, response, server) => {
    const path = request.path.split('?')[0] ?? '';
    if (request.method === 'GET' && path.endsWith('/models')) {
      json(response, { object: 'list', data: [], models: [] });
      return true;
    }
    if (request.method !== 'POST' || !path.endsWith('/responses')) return false;
    const body = (request.body ?? {}) as ResponsesRequest;
    const tools = body.tools ?? [];
    const mainLoop = tools.length > 0;
    const turn = lastTurn(body.input ?? []);
    const action: Action = mainLoop
      ? actionFor(turn.text, turn.afterTool)
      : { kind: 'text', text: 'Lab' };
    if (action.kind === 'hold') server.held.add(response);
    stream(response, action, tools);
    return true;
  };
}

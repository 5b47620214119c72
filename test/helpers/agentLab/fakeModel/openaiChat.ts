/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`, SSE chunks ending
 * in `data: [DONE]`), as OpenCode calls an OpenAI-compatible provider,
 * Qwen Code its OpenAI auth and Copilot CLI its BYOK provider (tool names
 * by the tools the request offers).
 * Side requests (titles: no tools) get a short reply.
 */
import type { ServerResponse } from 'node:http';
import { actionFor, BASH_COMMAND, EDIT_FILE, turnOf, type Action, type TurnPart } from './script';
import { json, sse, textOf, type ApiHandler } from './server';

interface ChatMessage {
  role?: string;
  content?: unknown;
}

interface ChatRequest {
  model?: string;
  stream?: boolean;
  messages?: ChatMessage[];
  tools?: { function?: { name?: string } }[];
}

/** The messages after the last assistant message: tool results and the new prompt. */
function lastTurn(messages: ChatMessage[]): { text: string; afterTool: boolean } {
  const lastAssistant = messages.map((m) => m.role).lastIndexOf('assistant');
  const parts: TurnPart[] = messages
    .slice(lastAssistant + 1)
    .map((m) =>
      m.role === 'tool'
        ? { kind: 'toolResult', text: '' }
        : { kind: 'text', text: m.role === 'user' ? textOf(m.content) : '' },
    );
  return turnOf(parts);
}

/** The question every question tool asks (Claude-style shape: OpenCode and Qwen Code take it). */
const QUESTIONS = [
  {
    question: 'Which colour should the lab use?',
    header: 'Colour',
    multiSelect: false,
    options: [
      { label: 'Red', description: 'A warm colour' },
      { label: 'Blue', description: 'A cool colour' },
    ],
  },
];

/** Qwen Code (a Gemini CLI fork) names its tools as Gemini CLI does. */
function qwenToolCall(tool: 'bash' | 'edit' | 'ask', cwd: string): { name: string; args: unknown } {
  switch (tool) {
    case 'bash':
      return {
        name: 'run_shell_command',
        args: { command: BASH_COMMAND, description: 'Create a marker file', is_background: false },
      };
    case 'edit':
      return {
        name: 'write_file',
        args: { file_path: `${cwd}/${EDIT_FILE}`, content: 'written by the lab\n' },
      };
    case 'ask':
      return { name: 'ask_user_question', args: { questions: QUESTIONS } };
  }
}

/** Copilot CLI 1.0: `create` (a new file), `ask_user` (a form: one single-select field). */
function copilotToolCall(
  tool: 'bash' | 'edit' | 'ask',
  cwd: string,
): { name: string; args: unknown } {
  switch (tool) {
    case 'bash':
      return { name: 'bash', args: { command: BASH_COMMAND, description: 'Create a marker file' } };
    case 'edit':
      return {
        name: 'create',
        args: { path: `${cwd}/${EDIT_FILE}`, file_text: 'written by the lab\n' },
      };
    case 'ask': {
      const [q] = QUESTIONS;
      return {
        name: 'ask_user',
        args: {
          message: q?.question,
          requestedSchema: {
            type: 'object',
            properties: {
              colour: {
                type: 'string',
                title: q?.header,
                enum: q?.options.map((o) => o.label),
              },
            },
            required: ['colour'],
          },
        },
      };
    }
  }
}

function toolCall(
  tool: 'bash' | 'edit' | 'ask',
  cwd: string,
  offered: ReadonlySet<string>,
): { name: string; args: unknown } {
  if (offered.has('run_shell_command')) return qwenToolCall(tool, cwd);
  if (offered.has('ask_user')) return copilotToolCall(tool, cwd);
  switch (tool) {
    case 'bash':
      return { name: 'bash', args: { command: BASH_COMMAND, description: 'Create a marker file' } };
    case 'edit':
      return {
        name: 'write',
        args: { filePath: `${cwd}/${EDIT_FILE}`, content: 'written by the lab\n' },
      };
    case 'ask':
      return { name: 'question', args: { questions: QUESTIONS } };
  }
}

let counter = 0;

function stream(
  response: ServerResponse,
  model: string,
  action: Action,
  cwd: string,
  offered: ReadonlySet<string>,
): void {
  const send = sse(response);
  const id = `chatcmpl-lab-${++counter}`;
  const chunk = (delta: object, finish: string | null): object => ({
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  if (action.kind === 'tool') {
    const call = toolCall(action.tool, cwd, offered);
    send(
      null,
      chunk(
        {
          role: 'assistant',
          tool_calls: [
            {
              index: 0,
              id: `call_lab_${counter}`,
              type: 'function',
              function: { name: call.name, arguments: JSON.stringify(call.args) },
            },
          ],
        },
        null,
      ),
    );
  } else send(null, chunk({ role: 'assistant', content: action.text }, null));
  if (action.kind === 'hold') return;
  send(null, {
    ...chunk({}, action.kind === 'tool' ? 'tool_calls' : 'stop'),
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });
  send(null, '[DONE]');
  response.end();
}

export function openaiChatApi(cwd: string): ApiHandler {
  return (request, response, server) => {
    const path = request.path.split('?')[0] ?? '';
    if (request.method === 'GET' && path.endsWith('/models')) {
      json(response, { object: 'list', data: [{ id: 'lab-model', object: 'model' }] });
      return true;
    }
    if (request.method !== 'POST' || !path.endsWith('/chat/completions')) return false;
    const body = (request.body ?? {}) as ChatRequest;
    const model = body.model ?? 'lab-model';
    const offered = new Set((body.tools ?? []).map((t) => t.function?.name ?? ''));
    const mainLoop = offered.has('bash') || offered.has('run_shell_command');
    const turn = lastTurn(body.messages ?? []);
    const action: Action = mainLoop
      ? actionFor(turn.text, turn.afterTool)
      : { kind: 'text', text: 'Lab session' };
    if (action.kind === 'hold') server.held.add(response);
    if (body.stream === false) {
      json(response, {
        id: `chatcmpl-lab-${++counter}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: action.kind === 'tool' ? 'Lab' : action.text },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      });
      return true;
    }
    stream(response, model, action, cwd, offered);
    return true;
  };
}

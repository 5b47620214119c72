/**
 * Gemini API (`models/MODEL:streamGenerateContent?alt=sse`,
 * `:generateContent`, `:countTokens`), as Gemini CLI calls it through
 * GOOGLE_GEMINI_BASE_URL with an API key. Side requests (its next-speaker
 * and routing checks ask for JSON) get one small JSON object that answers
 * both; the main loop (it offers run_shell_command) follows the script.
 */
import type { ServerResponse } from 'node:http';
import { actionFor, BASH_COMMAND, EDIT_FILE, turnOf, type Action, type TurnPart } from './script';
import { json, sse, type ApiHandler } from './server';

interface Part {
  text?: string;
  functionCall?: unknown;
  functionResponse?: unknown;
}

interface GenerateRequest {
  contents?: { role?: string; parts?: Part[] }[];
  tools?: { functionDeclarations?: { name?: string }[] }[];
}

/** Answers its side checks: "who speaks next" and "which model routes this". */
const SIDE_REPLY = JSON.stringify({
  next_speaker: 'user',
  reasoning: 'The lab turn is over.',
  model_choice: 'flash',
});

function lastTurn(request: GenerateRequest): { text: string; afterTool: boolean } {
  const last = [...(request.contents ?? [])].reverse().find((c) => c.role === 'user');
  const parts: TurnPart[] = (last?.parts ?? []).map((p) =>
    p.functionResponse ? { kind: 'toolResult', text: '' } : { kind: 'text', text: p.text ?? '' },
  );
  return turnOf(parts);
}

function callPart(tool: 'bash' | 'edit' | 'ask', cwd: string): Part {
  switch (tool) {
    case 'bash':
      return {
        functionCall: {
          name: 'run_shell_command',
          args: { command: BASH_COMMAND, description: 'Create a marker file' },
        },
      };
    case 'edit':
      return {
        functionCall: {
          name: 'write_file',
          args: { file_path: `${cwd}/${EDIT_FILE}`, content: 'written by the lab\n' },
        },
      };
    case 'ask':
      return {
        functionCall: {
          name: 'ask_user',
          args: {
            questions: [
              {
                question: 'Which colour should the lab use?',
                header: 'Colour',
                type: 'choice',
                multiSelect: false,
                options: [
                  { label: 'Red', description: 'A warm colour' },
                  { label: 'Blue', description: 'A cool colour' },
                ],
              },
            ],
          },
        },
      };
  }
}

const USAGE = { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 };

function chunk(parts: Part[], finished: boolean): object {
  return {
    candidates: [
      {
        content: { role: 'model', parts },
        index: 0,
        ...(finished ? { finishReason: 'STOP' } : {}),
      },
    ],
    usageMetadata: USAGE,
    modelVersion: 'gemini-lab',
  };
}

function stream(response: ServerResponse, action: Action, cwd: string): void {
  const send = sse(response);
  if (action.kind === 'tool') {
    send(null, chunk([callPart(action.tool, cwd)], true));
    response.end();
    return;
  }
  send(null, chunk([{ text: action.text }], action.kind === 'text'));
  if (action.kind === 'hold') return;
  response.end();
}

export function geminiApi(cwd: string): ApiHandler {
  return (request, response, server) => {
    const path = request.path.split('?')[0] ?? '';
    if (request.method !== 'POST' || !path.includes('/models/')) return false;
    if (path.endsWith(':countTokens')) {
      json(response, { totalTokens: 10 });
      return true;
    }
    const body = (request.body ?? {}) as GenerateRequest;
    const declared = (body.tools ?? []).flatMap((t) => t.functionDeclarations ?? []);
    const mainLoop = declared.some((d) => d.name === 'run_shell_command');
    const turn = lastTurn(body);
    const action: Action = mainLoop
      ? actionFor(turn.text, turn.afterTool)
      : { kind: 'text', text: SIDE_REPLY };
    if (path.endsWith(':streamGenerateContent')) {
      if (action.kind === 'hold') server.held.add(response);
      stream(response, action, cwd);
      return true;
    }
    if (path.endsWith(':generateContent')) {
      const text = action.kind === 'tool' ? SIDE_REPLY : action.text;
      json(response, chunk([{ text }], true));
      return true;
    }
    return false;
  };
}

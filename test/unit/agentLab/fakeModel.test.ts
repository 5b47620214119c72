/** The fake model server speaks each API the way the agents read it. */
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicApi } from '../../helpers/agentLab/fakeModel/anthropic';
import { geminiApi } from '../../helpers/agentLab/fakeModel/gemini';
import { openaiChatApi } from '../../helpers/agentLab/fakeModel/openaiChat';
import { openaiResponsesApi } from '../../helpers/agentLab/fakeModel/openaiResponses';
import { actionFor, turnOf } from '../../helpers/agentLab/fakeModel/script';
import { startFakeModel, type FakeModelServer } from '../../helpers/agentLab/fakeModel/server';

let server: FakeModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(path: string, body: unknown): Promise<string> {
  const response = await fetch(`${server!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.text();
}

describe('script', () => {
  it('a directive after the last tool result is a new prompt; reminders are not', () => {
    expect(turnOf([{ kind: 'text', text: 'lab:bash go' }])).toEqual({
      text: 'lab:bash go',
      afterTool: false,
    });
    expect(
      turnOf([
        { kind: 'text', text: 'lab:bash go' },
        { kind: 'toolResult', text: '' },
        { kind: 'text', text: '<system-reminder>' },
      ]).afterTool,
    ).toBe(true);
    expect(
      turnOf([
        { kind: 'toolResult', text: '' },
        { kind: 'text', text: 'lab:edit now' },
      ]),
    ).toEqual({ text: 'lab:edit now', afterTool: false });
    expect(actionFor('lab:hold', false).kind).toBe('hold');
    expect(actionFor('lab:bash', true)).toMatchObject({ kind: 'text' });
    expect(actionFor('no directive', false)).toMatchObject({ kind: 'text' });
  });
});

describe('APIs', () => {
  it('Anthropic: a streamed Bash tool_use for lab:bash; side requests get text', async () => {
    server = await startFakeModel([anthropicApi('/p')]);
    const main = await post('/v1/messages?beta=true', {
      stream: true,
      tools: [{ name: 'Bash' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'lab:bash go' }] }],
    });
    expect(main).toContain('event: content_block_start');
    expect(main).toContain('"name":"Bash"');
    expect(main).toContain('"stop_reason":"tool_use"');
    const side = await post('/v1/messages', { messages: [{ role: 'user', content: 'lab:bash' }] });
    expect(JSON.parse(side)).toMatchObject({ content: [{ type: 'text' }] });
  });

  it('Responses: exec_command for lab:bash, completed at the end', async () => {
    server = await startFakeModel([openaiResponsesApi()]);
    const text = await post('/v1/responses', {
      stream: true,
      tools: [{ type: 'function', name: 'exec_command' }],
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'lab:bash go' }] }],
    });
    expect(text).toContain('"name":"exec_command"');
    expect(text.trim().split('\n\n').at(-1)).toContain('response.completed');
  });

  it('Chat Completions: a question tool call for lab:ask, then [DONE]', async () => {
    server = await startFakeModel([openaiChatApi('/p')]);
    const text = await post('/v1/chat/completions', {
      stream: true,
      tools: [{ function: { name: 'bash' } }],
      messages: [{ role: 'user', content: 'lab:ask' }],
    });
    expect(text).toContain('"name":"question"');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('Gemini: write_file for lab:edit on the stream; countTokens answered', async () => {
    server = await startFakeModel([geminiApi('/p')]);
    const text = await post('/v1beta/models/m:streamGenerateContent?alt=sse', {
      tools: [{ functionDeclarations: [{ name: 'run_shell_command' }] }],
      contents: [{ role: 'user', parts: [{ text: 'lab:edit' }] }],
    });
    expect(text).toContain('"name":"write_file"');
    expect(JSON.parse(await post('/v1beta/models/m:countTokens', {}))).toEqual({
      totalTokens: 10,
    });
  });

  it('a held stream stays open until the server closes', async () => {
    server = await startFakeModel([anthropicApi('/p')]);
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({
        stream: true,
        tools: [{ name: 'Bash' }],
        messages: [{ role: 'user', content: 'lab:hold' }],
      }),
    });
    const reader = response.body!.getReader();
    const chunk: Uint8Array | undefined = (await reader.read()).value;
    const first = new TextDecoder().decode(chunk);
    expect(first).toContain('message_start');
    expect(server.held.size).toBe(1);
    await server.close();
    server = undefined;
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })(),
    ).rejects.toThrow();
  });
});

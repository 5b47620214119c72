/**
 * OpenCode against the fake Chat Completions API: an OpenAI-compatible
 * provider in its config, permission "ask" for bash and edit, its question
 * tool on, no models.dev fetch, no update checks, no sharing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openaiChatApi } from '../fakeModel/openaiChat';
import { REPLY_TEXT } from '../fakeModel/script';
import { agentBin } from '../install';
import type { AgentSetup, LabAgentDef } from './types';

async function setup(home: string, _cwd: string, url: string): Promise<AgentSetup> {
  const dir = join(home, '.config', 'opencode');
  await mkdir(dir, { recursive: true });
  const config = {
    $schema: 'https://opencode.ai/config.json',
    provider: {
      lab: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Lab',
        options: { baseURL: `${url}/v1`, apiKey: 'lab-key' },
        models: { 'lab-model': { name: 'Lab Model', tool_call: true } },
      },
    },
    model: 'lab/lab-model',
    small_model: 'lab/lab-model',
    permission: { bash: 'ask', edit: 'ask' },
    agent: { build: { permission: { bash: 'ask', edit: 'ask' } } },
    autoupdate: false,
    share: 'disabled',
  };
  await writeFile(join(dir, 'opencode.json'), JSON.stringify(config, null, 2));
  return {
    argv: [agentBin('opencode')],
    env: {
      OPENCODE_ENABLE_QUESTION_TOOL: '1',
      OPENCODE_PERMISSION: JSON.stringify({ bash: 'ask', edit: 'ask' }),
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      OPENCODE_DISABLE_SHARE: '1',
    },
  };
}

function ready(screen: string): boolean {
  return (
    /Ask anything|ctrl\+p commands|tab agents/.test(screen) &&
    !/esc interrupt/i.test(screen) &&
    !/Permission required/.test(screen)
  );
}

export const opencode: LabAgentDef = {
  agent: 'opencode',
  api: openaiChatApi,
  setup: (home, cwd, url) => setup(home, cwd, url),
  ready,
  startupDialogs: [],
  firstRun: [],
  steps: [
    {
      label: 'after-turn',
      state: 'idle',
      prompt: 'lab:reply say hello',
      shown: (s) => s.includes(REPLY_TEXT) && ready(s),
      leave: [],
    },
    {
      label: 'command-approval',
      state: 'waiting',
      prompt: 'lab:bash create the marker file',
      shown: (s) => /Permission required/.test(s) && s.includes('touch'),
      leave: ['Escape'],
    },
    {
      label: 'file-edit',
      state: 'waiting',
      prompt: 'lab:edit write the notes',
      shown: (s) => /Permission required/.test(s) && s.includes('notes.txt'),
      leave: ['Escape'],
    },
    {
      label: 'question-form',
      state: 'waiting',
      prompt: 'lab:ask pick a colour',
      shown: (s) => s.includes('Which colour should the lab use?') && !ready(s),
      leave: ['Escape'],
    },
    {
      label: 'streaming',
      state: 'working',
      prompt: 'lab:hold think for a long time',
      shown: (s) => /esc interrupt/i.test(s),
      leave: ['Escape', 'Escape'],
    },
  ],
  quit: '/exit',
};

/**
 * Qwen Code (a Gemini CLI fork) against the fake Chat Completions API: its
 * OpenAI auth (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL), folder trust
 * off, no update checks, no usage statistics.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openaiChatApi } from '../fakeModel/openaiChat';
import { REPLY_TEXT } from '../fakeModel/script';
import { agentBin } from '../install';
import type { AgentSetup, LabAgentDef } from './types';

async function setup(home: string, _cwd: string, url: string, fresh: boolean): Promise<AgentSetup> {
  await mkdir(join(home, '.qwen'), { recursive: true });
  const settings = {
    security: {
      ...(fresh ? {} : { auth: { selectedType: 'openai' } }),
      folderTrust: { enabled: fresh },
    },
    model: { name: 'lab-model' },
    general: { disableAutoUpdate: true, disableUpdateNag: true },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
  };
  await writeFile(join(home, '.qwen', 'settings.json'), JSON.stringify(settings, null, 2));
  return {
    // Its default is an "auto" mode that lets a classifier approve: ask instead.
    argv: [agentBin('qwen'), '--approval-mode', 'default'],
    env: {
      OPENAI_API_KEY: 'lab-qwen-key',
      OPENAI_BASE_URL: `${url}/v1`,
      OPENAI_MODEL: 'lab-model',
    },
  };
}

function ready(screen: string): boolean {
  return (
    /Type your message/.test(screen) &&
    !/esc to cancel/i.test(screen) &&
    !/Allow once|Yes, allow once/.test(screen)
  );
}

export const qwen: LabAgentDef = {
  agent: 'qwen',
  api: openaiChatApi,
  setup,
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
      shown: (s) => /Allow execution|Allow once|allow once/i.test(s) && s.includes('touch'),
      leave: ['Escape'],
    },
    {
      label: 'file-edit',
      state: 'waiting',
      prompt: 'lab:edit write the notes',
      shown: (s) => /Apply this change\?|Allow once|allow once/i.test(s) && s.includes('notes.txt'),
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
      shown: (s) => /esc to cancel/i.test(s),
      // Esc puts the cancelled prompt back in the input box: clear it.
      leave: ['Escape', 'C-u'],
    },
  ],
  quit: '/quit',
};

/**
 * Gemini CLI against the fake Gemini API: an API key, GOOGLE_GEMINI_BASE_URL
 * at the fake server, folder trust off, no update checks, no telemetry.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { geminiApi } from '../fakeModel/gemini';
import { REPLY_TEXT } from '../fakeModel/script';
import { agentBin } from '../install';
import type { AgentSetup, LabAgentDef } from './types';

async function setup(home: string, _cwd: string, url: string, fresh: boolean): Promise<AgentSetup> {
  await mkdir(join(home, '.gemini'), { recursive: true });
  const settings = {
    security: {
      ...(fresh ? {} : { auth: { selectedType: 'gemini-api-key' } }),
      folderTrust: { enabled: fresh },
    },
    general: { disableAutoUpdate: true, disableUpdateNag: true },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
  };
  await writeFile(join(home, '.gemini', 'settings.json'), JSON.stringify(settings, null, 2));
  return {
    argv: [agentBin('gemini')],
    env: {
      GEMINI_API_KEY: 'lab-gemini-key',
      GOOGLE_GEMINI_BASE_URL: url,
    },
  };
}

function ready(screen: string): boolean {
  return (
    /Type your message/.test(screen) && !/esc to cancel/i.test(screen) && !/Allow once/.test(screen)
  );
}

export const gemini: LabAgentDef = {
  agent: 'gemini',
  api: geminiApi,
  setup,
  ready,
  startupDialogs: [],
  firstRun: [
    {
      label: 'trust-folder',
      state: 'waiting',
      shown: (s) => s.includes('Do you trust the files in this folder?'),
      // "Trust folder": it restarts itself to apply it.
      answer: ['Enter'],
    },
    {
      label: 'auth-method',
      state: 'waiting',
      shown: (s) => s.includes('How would you like to authenticate for this project?'),
      answer: ['Enter'],
    },
    {
      label: 'api-key',
      state: 'waiting',
      shown: (s) => s.includes('Enter Gemini API Key'),
      answer: ['Enter'],
    },
  ],
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
      shown: (s) => /Allow execution of/.test(s) || (/Allow once/.test(s) && s.includes('touch')),
      leave: ['Escape'],
    },
    {
      label: 'file-edit',
      state: 'waiting',
      prompt: 'lab:edit write the notes',
      shown: (s) =>
        /Apply this change\?/.test(s) || (/Allow once/.test(s) && s.includes('notes.txt')),
      leave: ['Escape'],
    },
    {
      label: 'question-form',
      state: 'waiting',
      prompt: 'lab:ask pick a colour',
      shown: (s) => s.includes('Which colour should the lab use?'),
      leave: ['Escape'],
    },
    {
      label: 'streaming',
      state: 'working',
      prompt: 'lab:hold think for a long time',
      shown: (s) => /esc to cancel/i.test(s),
      leave: ['Escape'],
    },
  ],
  quit: '/quit',
};

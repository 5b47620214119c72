/**
 * GitHub Copilot CLI against the fake Chat Completions API: its BYOK
 * provider (COPILOT_PROVIDER_BASE_URL, an OpenAI-compatible endpoint) in
 * offline mode (COPILOT_OFFLINE: no GitHub sign-in, telemetry or update
 * check), its config and state under a private COPILOT_HOME, the project in
 * its trusted folders unless the run is fresh. It asks before commands,
 * file writes, and for its question form (`ask_user`) by default.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openaiChatApi } from '../fakeModel/openaiChat';
import { REPLY_TEXT } from '../fakeModel/script';
import { agentBin } from '../install';
import type { AgentSetup, LabAgentDef } from './types';

/** The model it is told to use (not in its catalog: the token limits are given too). */
const LAB_MODEL = 'lab-model';

async function setup(home: string, cwd: string, url: string, fresh: boolean): Promise<AgentSetup> {
  const copilotHome = join(home, '.copilot');
  await mkdir(copilotHome, { recursive: true });
  // firstLaunchAt: its intro was shown once (a logo, no question); trustedFolders: what its
  // "Yes, and remember this folder" answer writes.
  const config = {
    firstLaunchAt: new Date().toISOString(),
    ...(fresh ? {} : { trustedFolders: [cwd] }),
  };
  await writeFile(join(copilotHome, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return {
    argv: [agentBin('copilot')],
    env: {
      COPILOT_HOME: copilotHome,
      COPILOT_OFFLINE: 'true',
      COPILOT_AUTO_UPDATE: 'false',
      COPILOT_PROVIDER_BASE_URL: `${url}/v1`,
      COPILOT_PROVIDER_API_KEY: 'lab-copilot-key',
      COPILOT_MODEL: LAB_MODEL,
      COPILOT_PROVIDER_MAX_PROMPT_TOKENS: '128000',
      COPILOT_PROVIDER_MAX_OUTPUT_TOKENS: '8192',
    },
  };
}

function ready(screen: string): boolean {
  // Its input line starts with "❯" at the left edge (its menus and the history indent theirs),
  // and the footer under it names its commands while nothing runs.
  return (
    /^❯/m.test(screen) &&
    /\/ commands · \? help/.test(screen) &&
    !/esc esc interrupt|Working ·/i.test(screen)
  );
}

export const copilot: LabAgentDef = {
  agent: 'copilot',
  api: openaiChatApi,
  setup,
  ready,
  startupDialogs: [],
  firstRun: [
    {
      label: 'trust-folder',
      state: 'waiting',
      shown: (s) => s.includes('Do you trust the files in this folder?'),
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
      shown: (s) => s.includes('Do you want to run this command?'),
      leave: ['Escape'],
    },
    {
      label: 'file-edit',
      state: 'waiting',
      prompt: 'lab:edit write the notes',
      shown: (s) => s.includes('notes.txt') && /│ ❯ 1\. Yes/.test(s),
      leave: ['Escape'],
    },
    {
      label: 'question-form',
      state: 'waiting',
      prompt: 'lab:ask pick a colour',
      shown: (s) => s.includes('Which colour should the lab use?') && /enter accept/.test(s),
      leave: ['Escape'],
    },
    {
      label: 'streaming',
      state: 'working',
      prompt: 'lab:hold think for a long time',
      shown: (s) => /esc esc interrupt/i.test(s),
      // Its footer says "esc esc interrupt" (two within a moment; the lab's keys are a second
      // apart): Ctrl+C interrupts a turn too.
      leave: ['C-c'],
    },
  ],
  quit: '/exit',
};

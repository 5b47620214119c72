/**
 * Claude Code against the fake Anthropic API: ANTHROPIC_BASE_URL and an API
 * key approved in ~/.claude.json (its last 20 characters), onboarding done
 * and the project trusted, so it starts straight at its prompt. Every other
 * request (telemetry, updates, feedback) is turned off.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { anthropicApi } from '../fakeModel/anthropic';
import { agentBin, PINS } from '../install';
import { REPLY_TEXT } from '../fakeModel/script';
import type { AgentSetup, Dialog, LabAgentDef } from './types';

/** A key of the real shape; only its last 20 characters are stored as approved. */
const API_KEY = 'sk-ant-api03-loopwatch-agent-lab-key-0000000000000000000000000000000000000000-AA';

async function setup(home: string, cwd: string, url: string, fresh: boolean): Promise<AgentSetup> {
  await mkdir(join(home, '.claude'), { recursive: true });
  // Onboarding itself checks api.anthropic.com (unreachable here: it exits 1), so even a
  // "fresh" run has it done; fresh leaves the key unapproved and the folder untrusted.
  const config = {
    hasCompletedOnboarding: true,
    lastOnboardingVersion: PINS.claude.version,
    theme: 'dark',
    ...(fresh
      ? {}
      : {
          // With skipAutoPermissionPrompt below: no "make auto mode your default?" offer.
          hasResetAutoModeOptInForDefaultOffer: true,
          customApiKeyResponses: { approved: [API_KEY.slice(-20)], rejected: [] },
          projects: { [cwd]: { hasTrustDialogAccepted: true, allowedTools: [] } },
        }),
  };
  await writeFile(join(home, '.claude.json'), JSON.stringify(config, null, 2));
  // Ask before every tool, as a new user's Claude did before "auto" became the default mode.
  await writeFile(
    join(home, '.claude', 'settings.json'),
    JSON.stringify(
      {
        permissions: { defaultMode: 'default' },
        ...(fresh ? {} : { skipAutoPermissionPrompt: true }),
      },
      null,
      2,
    ),
  );
  return {
    argv: [agentBin('claude')],
    env: {
      ANTHROPIC_BASE_URL: url,
      ANTHROPIC_API_KEY: API_KEY,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    },
  };
}

/** An open dialog's own hint lines. */
const DIALOG = /Esc to cancel|Enter to select|Enter to confirm/;

/** The empty prompt line, no dialog, not busy. */
function ready(screen: string): boolean {
  return /^❯\s*$/m.test(screen) && !/esc to interrupt/.test(screen) && !DIALOG.test(screen);
}

/** "Make auto mode your default?": answered "No, keep manual mode", as the lab needs its prompts. */
const AUTO_MODE_OFFER: Dialog = {
  label: 'auto-mode-offer',
  state: 'waiting',
  shown: (s) => s.includes('Make auto mode your default permission mode?'),
  answer: ['Down', 'Enter'],
};

export const claude: LabAgentDef = {
  agent: 'claude',
  api: anthropicApi,
  setup,
  ready,
  // The settings above usually keep the offer away, but not on every run (seen in a crash
  // session): answered like a start-up dialog whenever it does come.
  startupDialogs: [AUTO_MODE_OFFER],
  firstRun: [
    {
      label: 'trust-folder',
      state: 'waiting',
      shown: (s) => s.includes('Is this a project you created or one you trust?'),
      answer: ['Down', 'Enter'],
    },
    {
      label: 'api-key',
      state: 'waiting',
      shown: (s) => s.includes('Do you want to use this API key?'),
      answer: ['Up', 'Enter'],
    },
    AUTO_MODE_OFFER,
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
      shown: (s) => s.includes('Do you want to proceed?'),
      leave: ['Escape'],
    },
    {
      label: 'file-edit',
      state: 'waiting',
      prompt: 'lab:edit write the notes',
      shown: (s) => /Do you want to create notes\.txt\?/.test(s),
      leave: ['Escape'],
    },
    {
      label: 'question-form',
      state: 'waiting',
      prompt: 'lab:ask pick a colour',
      shown: (s) => s.includes('Enter to select · ↑/↓ to navigate'),
      leave: ['Escape'],
    },
    {
      label: 'streaming',
      state: 'working',
      prompt: 'lab:hold think for a long time',
      shown: (s) => s.includes('esc to interrupt') && s.includes('lab:hold'),
      leave: ['Escape'],
    },
  ],
  quit: '/exit',
};

/**
 * Codex CLI against the fake Responses API: a custom model provider in
 * $CODEX_HOME/config.toml whose base_url is the fake server, approval
 * "on-request" in a read-only sandbox (it asks before commands and edits),
 * the project trusted, its question tool turned on.
 *
 * Codex 0.171 draws a provisional composer ("startup draft": it takes typing
 * but no Enter) at once, while it connects to its app server and reads the
 * folder's trust; only then comes the trust question (a folder with no
 * `projects.<path>.trust_level`) or the real composer, which has the status
 * line under it. `ready` waits for that status line, so a first run always
 * meets the trust question before it (codex-rs/tui/src/startup_draft.rs,
 * onboarding/directory_trust.rs).
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { openaiResponsesApi } from '../fakeModel/openaiResponses';
import { REPLY_TEXT } from '../fakeModel/script';
import { agentBin } from '../install';
import type { AgentSetup, LabAgentDef } from './types';

const run = promisify(execFile);

/** The model name in config.toml: the real composer's status line starts with it. */
const LAB_MODEL = 'lab-model';

/** A TOML basic string (paths may hold quotes or backslashes). */
function tomlString(text: string): string {
  return JSON.stringify(text);
}

async function setup(home: string, cwd: string, url: string, fresh: boolean): Promise<AgentSetup> {
  const codexHome = join(home, '.codex');
  await mkdir(codexHome, { recursive: true });
  const lines = [
    `model = ${tomlString(LAB_MODEL)}`,
    'model_provider = "lab"',
    'approval_policy = "on-request"',
    'sandbox_mode = "read-only"',
    'check_for_update_on_startup = false',
    '',
    // Its question tool (request_user_input) in the default mode.
    '[features]',
    'default_mode_request_user_input = true',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[feedback]',
    'enabled = false',
    '',
    '[model_providers.lab]',
    'name = "Lab"',
    `base_url = ${tomlString(`${url}/v1`)}`,
    'env_key = "LAB_API_KEY"',
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ];
  // A new user's project is a git repository (its root is what trust is saved for). With no
  // trust_level for it, Codex asks on every start, repository or not.
  if (fresh) await run('git', ['init', '-q', cwd]);
  if (!fresh) lines.push(`[projects.${tomlString(cwd)}]`, 'trust_level = "trusted"', '');
  await writeFile(join(codexHome, 'config.toml'), lines.join('\n'));
  return {
    // (`--enable default_mode_request_user_input` on the command line makes 0.171 ask whether
    // to restart its background server; the same feature in config.toml does not.)
    argv: [agentBin('codex'), '--cd', cwd],
    env: { CODEX_HOME: codexHome, LAB_API_KEY: 'lab-key' },
  };
}

/** The real composer's status line ("lab-model default · /the/dir"); the startup draft has none. */
const STATUS_LINE = new RegExp(`^\\s+${LAB_MODEL} \\S+ · `, 'm');

function ready(screen: string): boolean {
  // Its menus (approvals, the trust question) also start a line with "›": their footers tell.
  return (
    /^› /m.test(screen) &&
    STATUS_LINE.test(screen) &&
    !/esc to interrupt/i.test(screen) &&
    !/Press enter to confirm|enter continue/i.test(screen)
  );
}

export const codex: LabAgentDef = {
  agent: 'codex',
  api: () => openaiResponsesApi(),
  setup,
  ready,
  startupDialogs: [],
  firstRun: [
    {
      label: 'trust-folder',
      state: 'waiting',
      shown: (s) => s.includes('Trust this folder?'),
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
      shown: (s) => /Would you like to run the following command\?/.test(s),
      leave: ['Escape'],
    },
    {
      label: 'file-edit',
      state: 'waiting',
      prompt: 'lab:edit write the notes',
      shown: (s) => /Would you like to make the following edits\?/.test(s),
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
      // While a reply streams, Codex shows its text (the busy hint comes and goes).
      shown: (s) => s.includes('Thinking about it') || /esc to interrupt/i.test(s),
      // Once the reply's first words arrive, its "Working" line goes: only the title's spinner stays.
      settleMs: 3_000,
      leave: ['Escape'],
    },
  ],
  quit: '/quit',
};

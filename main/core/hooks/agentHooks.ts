/**
 * Hook settings of the agents beyond Claude Code, in the same JSON layout:
 *
 * - Codex CLI: `~/.codex/hooks.json` (developers.openai.com/codex/hooks):
 *   events SessionStart, UserPromptSubmit, PermissionRequest, Stop (PreToolUse
 *   and PostToolUse fire for Bash only), timeouts in seconds, a JSON object on
 *   stdin with `hook_event_name`, `session_id`, `cwd` as Claude's. Codex runs
 *   only hooks the user has trusted (it asks), and releases before hooks were
 *   on by default need `[features] codex_hooks = true` in config.toml.
 * - Gemini CLI: `~/.gemini/settings.json`, key `hooks` (docs/hooks in
 *   google-gemini/gemini-cli): its own event names (BeforeAgent, AfterAgent,
 *   Notification with notification_type "ToolPermission", SessionStart,
 *   SessionEnd; Claude's names are rejected), timeouts in milliseconds, the
 *   command run with a sanitized environment (no $TMUX: the event finds its
 *   pane by its cwd). A hook must print nothing but JSON: `loopwatch hook`
 *   prints nothing.
 */
import { join } from 'node:path';
import type { HookAgent } from '../../../preload/contract';
import { homeDir, type Env } from '../paths';
import { CLAUDE_HOOKS, HOOK_TIMEOUT_S, type HookSpec } from './claudeSettings';

export const CODEX_HOOKS: HookSpec = {
  agent: 'codex',
  sessions: 'Codex sessions',
  path: (env: Env) => join(homeDir(env), '.codex', 'hooks.json'),
  events: [
    { event: 'SessionStart', matcher: null },
    { event: 'UserPromptSubmit', matcher: null },
    { event: 'PermissionRequest', matcher: null },
    { event: 'Stop', matcher: null },
  ],
  mark: 'LOOPWATCH_HOOK=codex',
  hookArgs: ['--agent', 'codex'],
  timeout: HOOK_TIMEOUT_S,
  note: 'Codex runs them once you trust them (it asks); a Codex from before hooks were on by default also needs `[features] codex_hooks = true` in ~/.codex/config.toml',
};

/** Gemini's timeouts are in milliseconds: the same bound as Claude's. */
const GEMINI_TIMEOUT_MS = HOOK_TIMEOUT_S * 1000;

export const GEMINI_HOOKS: HookSpec = {
  agent: 'gemini',
  sessions: 'Gemini CLI sessions',
  path: (env: Env) => join(homeDir(env), '.gemini', 'settings.json'),
  events: [
    { event: 'Notification', matcher: null },
    { event: 'BeforeAgent', matcher: null },
    { event: 'AfterAgent', matcher: null },
    { event: 'SessionStart', matcher: null },
    { event: 'SessionEnd', matcher: null },
  ],
  mark: 'LOOPWATCH_HOOK=gemini',
  hookArgs: ['--agent', 'gemini'],
  timeout: GEMINI_TIMEOUT_MS,
};

export const HOOK_SPECS: Readonly<Record<HookAgent, HookSpec>> = {
  claude: CLAUDE_HOOKS,
  codex: CODEX_HOOKS,
  gemini: GEMINI_HOOKS,
};

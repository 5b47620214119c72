/**
 * Loopwatch's hook entries in an agent's JSON hook settings, Claude Code's
 * layout (`{"hooks": {EVENT: [{matcher?, hooks: [{type, command, timeout}]}]}}`),
 * which Codex (`~/.codex/hooks.json`) and Gemini CLI (`~/.gemini/settings.json`)
 * share with their own event names (agentHooks.ts): install merges them in,
 * uninstall removes exactly them, status says which are there. Claude Code's
 * user settings (`~/.claude/settings.json`) are the spec below.
 *
 * The user's file is theirs: every other key and every hook they have stays
 * as it is (same values, same order); the file is backed up
 * (`settings.json.bak-STAMP`) before each write and replaced atomically; a
 * file with comments or invalid JSON is refused and never written. The
 * text is re-serialized with the file's own indentation and final newline,
 * so a file in the usual `JSON.stringify`/jq layout comes back
 * byte-for-byte after install + uninstall.
 *
 * Loopwatch's entries are the hook commands that start with
 * `LOOPWATCH_HOOK=claude ` (an environment assignment the shell applies and
 * `loopwatch hook` may read): the mark needs no extra key that Claude's
 * settings schema might reject.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HookAgent, HooksChange, HooksStatus } from '../../../preload/contract';
import { readTextFile } from '../files/readBounded';
import { ActionRefusedError } from '../actions/context';
import { backupFile, describeFsError, writeFileAtomic } from '../actions/files';
import {
  DEFAULT_JSON_FORMAT,
  detectJsonFormat,
  formatJson,
  type JsonFormat,
} from '../actions/jsonFormat';
import { homeDir, type Env } from '../paths';
import type { HookTarget } from './hookLauncher';
import { shellQuote } from '../shell/shellQuote';

/** Where one agent keeps its hooks, which events Loopwatch adds, and how its entries are marked. */
export interface HookSpec {
  agent: HookAgent;
  /** For messages: "Claude sessions". */
  sessions: string;
  path(env: Env): string;
  events: readonly { event: string; matcher: string | null }[];
  /** Prefix of Loopwatch's commands (an env assignment the shell applies). */
  mark: string;
  /** Arguments after `hook` (how the hook knows whose event it reads). */
  hookArgs: readonly string[];
  /** The timeout value to write, in the agent's unit (seconds for Claude and Codex, ms for Gemini). */
  timeout: number;
  /** Appended to the install message (what else the user must do, if anything). */
  note?: string;
}

/** The events Loopwatch listens to (FIELD.md section 5), with Notification's matchers. */
export const CLAUDE_HOOK_EVENTS: readonly { event: string; matcher: string | null }[] = [
  { event: 'Notification', matcher: 'permission_prompt' },
  { event: 'Notification', matcher: 'idle_prompt' },
  { event: 'Notification', matcher: 'elicitation_dialog' },
  { event: 'PermissionRequest', matcher: null },
  { event: 'Stop', matcher: null },
  { event: 'SessionStart', matcher: null },
  { event: 'UserPromptSubmit', matcher: null },
  { event: 'SessionEnd', matcher: null },
];

/** Marks Loopwatch's commands (see the file comment). */
export const HOOK_MARK = 'LOOPWATCH_HOOK=claude';
/**
 * Seconds Claude waits for the hook: `loopwatch hook` answers within 100 ms
 * and never blocks; this only bounds a wedged machine (Claude's default is 600).
 */
export const HOOK_TIMEOUT_S = 10;

export function claudeSettingsPath(env: Env): string {
  return join(homeDir(env), '.claude', 'settings.json');
}

export const CLAUDE_HOOKS: HookSpec = {
  agent: 'claude',
  sessions: 'Claude sessions',
  path: claudeSettingsPath,
  events: CLAUDE_HOOK_EVENTS,
  mark: HOOK_MARK,
  hookArgs: [],
  timeout: HOOK_TIMEOUT_S,
};

/**
 * The hook's command line. The agent runs it through a shell, so this is the
 * one shell string Loopwatch makes: the launcher's path single-quoted by
 * shellQuote (the launcher finds the current install: hookLauncher.ts), then
 * the spec's fixed arguments (which agent's event the hook reads).
 */
export function hookCommand(target: HookTarget, spec: HookSpec = CLAUDE_HOOKS): string {
  return [spec.mark, shellQuote(target.launcher), ...spec.hookArgs].join(' ');
}

export function isLoopwatchCommand(command: unknown, spec: HookSpec = CLAUDE_HOOKS): boolean {
  return typeof command === 'string' && command.startsWith(`${spec.mark} `);
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Does the text have `//` or `/* *\/` comments outside strings (JSONC)? */
export function hasJsonComments(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return true;
  }
  return false;
}

type SettingsRead =
  | { state: 'missing' }
  | { state: 'ok'; value: Json; format: JsonFormat }
  | { state: 'invalid'; error: string };

export async function readClaudeSettings(path: string): Promise<SettingsRead> {
  const read = await readTextFile(path);
  if (!read.ok)
    return read.missing ? { state: 'missing' } : { state: 'invalid', error: read.error };
  if (read.text.trim() === '') return { state: 'invalid', error: `${path} is empty` };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (error) {
    if (hasJsonComments(read.text)) {
      return {
        state: 'invalid',
        error: `${path} has comments, which Loopwatch cannot keep when it rewrites the file; add the hooks by hand (see \`loopwatch hooks status\`) or remove the comments`,
      };
    }
    return {
      state: 'invalid',
      error: `${path} is not valid JSON (${(error as Error).message}); fix it first`,
    };
  }
  if (!isObject(value)) return { state: 'invalid', error: `${path} is not a JSON object` };
  const hooks = value.hooks;
  if (hooks !== undefined && !isObject(hooks)) {
    return { state: 'invalid', error: `"hooks" in ${path} is not an object` };
  }
  for (const [event, groups] of Object.entries(hooks ?? {})) {
    if (!Array.isArray(groups)) {
      return { state: 'invalid', error: `"hooks.${event}" in ${path} is not a list` };
    }
  }
  return { state: 'ok', value, format: detectJsonFormat(read.text) };
}

function groupMatches(
  group: unknown,
  matcher: string | null,
): group is Json & { hooks: unknown[] } {
  if (!isObject(group) || !Array.isArray(group.hooks)) return false;
  const own = group.matcher === undefined || group.matcher === '' ? null : group.matcher;
  return own === matcher;
}

function statusOf(spec: HookSpec, path: string, read: SettingsRead, command: string): HooksStatus {
  const hooks = read.state === 'ok' && isObject(read.value.hooks) ? read.value.hooks : {};
  const events = spec.events.map(({ event, matcher }) => {
    const groups = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    const ours = groups
      .filter((g) => groupMatches(g, matcher))
      .flatMap((g) => (g as { hooks: unknown[] }).hooks)
      .filter((h) => isObject(h) && isLoopwatchCommand(h.command, spec)) as Json[];
    return {
      event,
      matcher,
      installed: ours.length > 0,
      current: ours.some((h) => h.command === command),
    };
  });
  const count = events.filter((e) => e.installed).length;
  return {
    agent: spec.agent,
    file: path,
    fileState: read.state,
    error: read.state === 'invalid' ? read.error : null,
    command,
    events,
    installed: count === 0 ? 'none' : count === events.length ? 'all' : 'some',
  };
}

/** Remove every Loopwatch hook; returns how many. Groups and lists it empties go too. */
function removeOurs(spec: HookSpec, settings: Json): number {
  const hooks = settings.hooks;
  if (!isObject(hooks)) return 0;
  let removed = 0;
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    let removedHere = 0;
    const kept: unknown[] = [];
    for (const group of groups) {
      if (!isObject(group) || !Array.isArray(group.hooks)) {
        kept.push(group);
        continue;
      }
      const inner = group.hooks.filter(
        (h) => !(isObject(h) && isLoopwatchCommand(h.command, spec)),
      );
      const gone = group.hooks.length - inner.length;
      removedHere += gone;
      if (gone === 0) kept.push(group);
      else if (inner.length > 0) kept.push({ ...group, hooks: inner });
    }
    if (removedHere === 0) continue;
    removed += removedHere;
    if (kept.length === 0) Reflect.deleteProperty(hooks, event);
    else hooks[event] = kept;
  }
  if (removed > 0 && Object.keys(hooks).length === 0) delete settings.hooks;
  return removed;
}

function addOurs(spec: HookSpec, settings: Json, command: string): void {
  const hooks = isObject(settings.hooks) ? settings.hooks : {};
  settings.hooks = hooks;
  for (const { event, matcher } of spec.events) {
    const groups = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    groups.push({
      ...(matcher === null ? {} : { matcher }),
      hooks: [{ type: 'command', command, timeout: spec.timeout }],
    });
    hooks[event] = groups;
  }
}

export async function hooksStatus(
  spec: HookSpec,
  env: Env,
  target: HookTarget,
): Promise<HooksStatus> {
  const path = spec.path(env);
  return statusOf(spec, path, await readClaudeSettings(path), hookCommand(target, spec));
}

export function claudeHooksStatus(env: Env, target: HookTarget): Promise<HooksStatus> {
  return hooksStatus(CLAUDE_HOOKS, env, target);
}

async function write(path: string, text: string, existed: boolean): Promise<string | null> {
  try {
    if (!existed) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(path, text, 0o600);
      return null;
    }
    const backup = await backupFile(path, Date.now());
    await writeFileAtomic(path, text);
    return backup;
  } catch (error) {
    throw new ActionRefusedError(`${describeFsError(error, path)}; the file was not changed`);
  }
}

export async function installHooks(
  spec: HookSpec,
  env: Env,
  target: HookTarget,
): Promise<HooksChange> {
  const path = spec.path(env);
  const command = hookCommand(target, spec);
  const read = await readClaudeSettings(path);
  if (read.state === 'invalid') throw new ActionRefusedError(`${read.error}; nothing was changed`);
  const before = statusOf(spec, path, read, command);
  if (before.events.every((e) => e.current)) {
    return {
      status: before,
      changed: false,
      backup: null,
      message: `Loopwatch's hooks are already in ${path}`,
    };
  }
  const settings: Json = read.state === 'ok' ? read.value : {};
  removeOurs(spec, settings);
  addOurs(spec, settings, command);
  const format = read.state === 'ok' ? read.format : DEFAULT_JSON_FORMAT;
  const backup = await write(path, formatJson(settings, format), read.state === 'ok');
  const status = await hooksStatus(spec, env, target);
  return {
    status,
    changed: true,
    backup,
    message: `installed Loopwatch's hooks in ${path}${backup ? ` (backup: ${backup})` : ''}; they apply to ${spec.sessions} started from now on${spec.note ? `. ${spec.note}` : ''}`,
  };
}

export function installClaudeHooks(env: Env, target: HookTarget): Promise<HooksChange> {
  return installHooks(CLAUDE_HOOKS, env, target);
}

export async function uninstallHooks(
  spec: HookSpec,
  env: Env,
  target: HookTarget,
): Promise<HooksChange> {
  const path = spec.path(env);
  const read = await readClaudeSettings(path);
  if (read.state === 'invalid') throw new ActionRefusedError(`${read.error}; nothing was changed`);
  const command = hookCommand(target, spec);
  if (read.state === 'missing' || removeOurs(spec, read.value) === 0) {
    return {
      status: statusOf(spec, path, read, command),
      changed: false,
      backup: null,
      message: `no Loopwatch hooks in ${path}`,
    };
  }
  const backup = await write(path, formatJson(read.value, read.format), true);
  return {
    status: await hooksStatus(spec, env, target),
    changed: true,
    backup,
    message: `removed Loopwatch's hooks from ${path} (backup: ${backup ?? 'none'})`,
  };
}

export function uninstallClaudeHooks(env: Env, target: HookTarget): Promise<HooksChange> {
  return uninstallHooks(CLAUDE_HOOKS, env, target);
}

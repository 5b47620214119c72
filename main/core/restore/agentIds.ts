/**
 * The agent's own session id, which its resume command takes: from a hook
 * event (Claude Code's `session_id`; Codex's notify `thread-id`), or, for
 * Claude Code without hooks, from its transcripts: the newest
 * `~/.claude/projects/<cwd with every non-alphanumeric character as ->/<id>.jsonl`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { homeDir, type Env } from '../paths';

/** A session id as agents write them (uuids, and the like): nothing a shell or tmux would read. */
const AGENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** Transcripts looked at per project folder (newest wins). */
const MAX_TRANSCRIPTS = 500;

export function validAgentId(id: unknown): id is string {
  return typeof id === 'string' && AGENT_ID_PATTERN.test(id);
}

/** The id in a hook event, or null. */
export function agentIdFromHookEvent(event: unknown): string | null {
  if (typeof event !== 'object' || event === null) return null;
  const record = event as Record<string, unknown>;
  for (const key of ['session_id', 'thread-id', 'thread_id', 'session-id']) {
    if (validAgentId(record[key])) return record[key];
  }
  return null;
}

/** Claude Code's project folder name for a working directory. */
export function claudeProjectDirName(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, '-');
}

/** The newest Claude Code transcript's session id for `cwd`, or null. */
export async function claudeIdFromTranscripts(env: Env, cwd: string): Promise<string | null> {
  const dir = join(homeDir(env), '.claude', 'projects', claudeProjectDirName(cwd));
  const names = await readdir(dir).catch(() => [] as string[]);
  let newest: { id: string; mtimeMs: number } | null = null;
  for (const name of names.filter((n) => n.endsWith('.jsonl')).slice(0, MAX_TRANSCRIPTS)) {
    const id = name.slice(0, -'.jsonl'.length);
    if (!validAgentId(id)) continue;
    const info = await stat(join(dir, name)).catch(() => null);
    if (info?.isFile() && (!newest || info.mtimeMs > newest.mtimeMs))
      newest = { id, mtimeMs: info.mtimeMs };
  }
  return newest?.id ?? null;
}

/** Which agent a command line runs (by its program's name), for sessions the screen did not name. */
export function agentOfCommand(command: string): string | null {
  const program = command.trim().split(/\s+/)[0]?.split('/').pop() ?? '';
  const match = /^(claude|codex|gemini|opencode|aider)$/.exec(program);
  return match ? match[1]! : null;
}

/** The agent's resume command for a session id, or null where it has none. */
export function resumeArgv(agent: string, id: string): string[] | null {
  switch (agent) {
    case 'claude':
      return ['claude', '--resume', id];
    case 'codex':
      return ['codex', 'resume', id];
    case 'opencode':
      return ['opencode', '--session', id];
    case 'gemini':
      return ['gemini', '--resume', id];
    default:
      return null;
  }
}

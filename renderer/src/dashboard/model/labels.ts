/** Words and glyphs the dashboard shows for the contract's vocabulary. */
import type { SessionFlags, SessionSource, SessionStatus } from '../../../../preload/contract';

/** Each status has its own glyph as well as its colour (never colour alone). */
export const STATUS_GLYPHS: Readonly<Record<SessionStatus, string>> = {
  waiting: '?',
  crashed: '✕',
  working: '●',
  starting: '◌',
  idle: '○',
  done: '✓',
  unknown: '◇',
};

export const SOURCE_LABELS: Readonly<Record<SessionSource, string>> = {
  pipeline: 'pipeline',
  tmuxSkill: 'tmux skill',
  schmux: 'schmux',
  claudeSquad: 'claude-squad',
  agentDeck: 'agent-deck',
  plain: 'plain',
};

export const FLAG_LABELS: Readonly<Record<keyof SessionFlags, string>> = {
  staleLock: 'stale lock',
  orphan: 'orphan',
  zombie: 'zombie',
  deadPane: 'dead pane',
};

export const FLAG_NAMES = Object.keys(FLAG_LABELS) as (keyof SessionFlags)[];

/** The last path segment of a socket: "default", "schmux", "claude.sock". */
export function socketLabel(socket: string | null): string {
  if (!socket) return 'no server';
  const parts = socket.split('/');
  return parts[parts.length - 1] || socket;
}

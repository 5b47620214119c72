import type { SessionSource } from '../../../preload/contract';

/**
 * Session-name conventions of the tools users run side by side (FIELD.md):
 * agent pipelines (`pipeline-NAME`, older `loop-NAME`, the Go successor's
 * `ap-NAME`), schmux (`schmux-ID`), claude-squad (`claudesquad_TITLE`) and
 * agent-deck (`agentdeck_*`). Everything else is a plain session.
 */
const NAME_RULES: ReadonlyArray<readonly [RegExp, SessionSource]> = [
  [/^(?:pipeline|loop|ap)-./, 'pipeline'],
  [/^schmux-./, 'schmux'],
  [/^claudesquad_/, 'claudeSquad'],
  [/^agentdeck_/, 'agentDeck'],
];

export function sourceFromName(name: string): SessionSource {
  for (const [pattern, source] of NAME_RULES) if (pattern.test(name)) return source;
  return 'plain';
}

/** The run NAME of a pipeline session name, or null if it is not one. */
export function pipelineRunName(sessionName: string): string | null {
  const match = /^(?:pipeline|loop|ap)-(.+)$/.exec(sessionName);
  return match ? (match[1] ?? null) : null;
}

export function tmuxSessionId(socket: string, name: string): string {
  return `tmux:${socket}:${name}`;
}

/**
 * A pipeline run's id: the same whether or not its tmux session exists,
 * so "working -> crashed" when the session dies is one session's transition.
 */
export function pipelineSessionId(projectDir: string, run: string): string {
  return `pipeline:${projectDir}:${run}`;
}

import type { AgentKind } from '../../../../preload/contract';

/** Names people know the agents by. */
export const AGENT_LABELS: Readonly<Record<AgentKind, string>> = {
  claude: 'Claude',
  codex: 'Codex',
  gemini: 'Gemini',
  aider: 'aider',
  python: 'Python',
};

/** Which agent runs in the session, as detection says; nothing when it cannot tell. */
export function AgentBadge({
  agent,
}: {
  agent: AgentKind | null | undefined;
}): React.JSX.Element | null {
  if (!agent) return null;
  return (
    <span className={`badge agent agent-${agent}`} title={`Agent: ${AGENT_LABELS[agent]}`}>
      {AGENT_LABELS[agent]}
    </span>
  );
}

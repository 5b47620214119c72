import type { AgentKind } from '../../../../preload/contract';

/** Names people know the agents by; any other agent id (a rules manifest's) shows as itself. */
export const AGENT_LABELS: Readonly<Partial<Record<AgentKind, string>>> = {
  claude: 'Claude',
  codex: 'Codex',
  gemini: 'Gemini',
  aider: 'aider',
  python: 'Python',
  opencode: 'OpenCode',
};

export function agentLabel(agent: AgentKind): string {
  return AGENT_LABELS[agent] ?? agent;
}

/** Which agent runs in the session, as detection says; nothing when it cannot tell. */
export function AgentBadge({
  agent,
}: {
  agent: AgentKind | null | undefined;
}): React.JSX.Element | null {
  if (!agent) return null;
  return (
    <span className={`badge agent agent-${agent}`} title={`Agent: ${agentLabel(agent)}`}>
      {agentLabel(agent)}
    </span>
  );
}

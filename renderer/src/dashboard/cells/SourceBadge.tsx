import type { AgentKind, SessionSource } from '../../../../preload/contract';
import { SOURCE_LABELS } from '../model/labels';

/** A plain tmux session shows the agent identified in it, when there is one. */
export function SourceBadge({
  source,
  agent,
}: {
  source: SessionSource;
  agent?: AgentKind | null | undefined;
}): React.JSX.Element {
  const label = source === 'plain' && agent ? agent : SOURCE_LABELS[source];
  return <span className={`badge source source-${source}`}>{label}</span>;
}

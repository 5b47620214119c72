import type { SessionSource } from '../../../../preload/contract';
import { SOURCE_LABELS } from '../model/labels';

export function SourceBadge({ source }: { source: SessionSource }): React.JSX.Element {
  return <span className={`badge source source-${source}`}>{SOURCE_LABELS[source]}</span>;
}

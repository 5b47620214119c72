import type { SessionStatus } from '../../../../preload/contract';
import { STATUS_GLYPHS } from '../model/labels';

/** Glyph + colour + word: a status never relies on colour alone. */
export function StatusBadge({ status }: { status: SessionStatus }): React.JSX.Element {
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true" className="status-glyph">
        {STATUS_GLYPHS[status]}
      </span>
      <span className="status-word">{status}</span>
    </span>
  );
}

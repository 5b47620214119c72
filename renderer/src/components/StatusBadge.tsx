import type { SessionStatus } from '../../../preload/contract';

/** Each status has its own glyph as well as its colour (never colour alone). */
const GLYPHS: Readonly<Record<SessionStatus, string>> = {
  waiting: '?',
  crashed: '✕',
  working: '●',
  starting: '◌',
  idle: '◦',
  done: '✓',
  unknown: '·',
};

export function StatusBadge({ status }: { status: SessionStatus }): React.JSX.Element {
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true" className="status-glyph">
        {GLYPHS[status]}
      </span>
      {status}
    </span>
  );
}

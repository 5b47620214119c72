/**
 * Sessions with cleanup problems (stale locks, orphans, zombies, dead
 * panes), each with its evidence and what cleaning it up would do. A plan,
 * not an action: the cleanup action shows its own confirmation.
 */
import type { Session } from '../../../../preload/contract';
import { SourceBadge } from '../cells/SourceBadge';
import { StatusBadge } from '../cells/StatusBadge';
import { cleanupPlan } from '../model/cleanupPlan';
import { FLAG_LABELS } from '../model/labels';

export interface ProblemsViewProps {
  sessions: readonly Session[];
  selectedId: string | null;
  onSelect: (session: Session) => void;
  onCleanup?: (() => void) | undefined;
}

export function ProblemsView({
  sessions,
  selectedId,
  onSelect,
  onCleanup,
}: ProblemsViewProps): React.JSX.Element {
  if (sessions.length === 0) {
    return (
      <div className="problems-view empty-problems">
        <p>No problems: no stale locks, orphans, zombies or dead panes.</p>
      </div>
    );
  }
  return (
    <div className="problems-view">
      <div className="problems-head">
        <p>
          {sessions.length} {sessions.length === 1 ? 'session needs' : 'sessions need'} cleaning up.
          Nothing happens until you confirm.
        </p>
        {onCleanup ? (
          <button type="button" onClick={onCleanup}>
            Clean up… <kbd>c</kbd>
          </button>
        ) : (
          <p className="muted small">
            Cleanup is not available in this build: run the steps by hand.
          </p>
        )}
      </div>
      <ul className="problem-list" aria-label="Problems">
        {sessions.map((session) => (
          <li
            key={session.id}
            aria-label={session.displayName}
            className={`problem-card${session.id === selectedId ? ' selected' : ''}`}
          >
            <div className="problem-title">
              <button type="button" className="link" onClick={() => onSelect(session)}>
                {session.displayName}
              </button>
              <SourceBadge source={session.source} />
              <StatusBadge status={session.status} />
            </div>
            <ol className="plan" aria-label={`Cleanup plan for ${session.displayName}`}>
              {cleanupPlan(session).map((step) => (
                <li key={step.flag}>
                  <span className="tag tag-flag">
                    <span aria-hidden="true">⚠ </span>
                    {FLAG_LABELS[step.flag]}
                  </span>{' '}
                  <span className="evidence-text">{step.evidence}.</span>
                  <div className="plan-action">
                    Would {step.action}. <span className="muted">Removes: {step.removes}.</span>
                  </div>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </div>
  );
}

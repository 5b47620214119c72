import { memo, useContext } from 'react';
import type { Session } from '../../../../preload/contract';
import { MiddleEllipsis } from '../cells/MiddleEllipsis';
import { PipelineProgress } from '../cells/PipelineProgress';
import { RelativeTime } from '../cells/RelativeTime';
import { SourceBadge } from '../cells/SourceBadge';
import { StatusBadge } from '../cells/StatusBadge';
import { FLAG_LABELS, FLAG_NAMES, socketLabel } from '../model/labels';
import { ROW_HEIGHT_PX } from './columns';
import { RowRenderProbe } from './rowProbe';

export interface SessionRowProps {
  session: Session;
  index: number;
  selected: boolean;
  reviewed: boolean;
  viewedAt: string | null;
}

/**
 * One session. Props are the Session object (kept identical by the store
 * while it does not change) and primitives, so React.memo skips every row
 * but the one that changed. Clicks are handled by the list (delegation):
 * rows take no callbacks that could change identity.
 */
export const SessionRow = memo(function SessionRow({
  session,
  index,
  selected,
  reviewed,
  viewedAt,
}: SessionRowProps) {
  useContext(RowRenderProbe)?.(session.id);
  const flags = FLAG_NAMES.filter((flag) => session.flags[flag]);
  const nameTitle = [
    session.displayName,
    session.displayName === session.name ? null : `tmux session ${session.name}`,
    session.host ? `host ${session.host}` : null,
    `server ${socketLabel(session.socket)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={session.displayName}
      data-session-id={session.id}
      data-index={index}
      data-status={session.status}
      className={`row${selected ? ' selected' : ''}${reviewed ? ' reviewed' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT_PX}px)` }}
    >
      <div role="cell" className="cell c-status">
        <StatusBadge status={session.status} />
      </div>
      <div role="cell" className="cell c-name">
        <span className="name" title={nameTitle}>
          {session.displayName}
        </span>
        <SourceBadge source={session.source} agent={session.agent} />
        {/* Remote hosts only (issue 17): this machine's sessions carry no label. */}
        {session.host && (
          <span className="tag tag-host" title={`runs on host ${session.host}`}>
            {session.host}
          </span>
        )}
      </div>
      <div role="cell" className="cell c-reason" title={session.reason}>
        {reviewed && <span className="tag tag-reviewed">reviewed</span>}
        {session.ended && (
          <span className="tag tag-reviewed" title={`ended ${session.ended.endedAt}`}>
            ended
          </span>
        )}
        {flags.map((flag) => (
          <span key={flag} className="tag tag-flag">
            <span aria-hidden="true">⚠ </span>
            {FLAG_LABELS[flag]}
          </span>
        ))}
        <span className="reason">{session.reason}</span>
      </div>
      <div role="cell" className="cell c-progress">
        <PipelineProgress pipeline={session.pipeline} />
      </div>
      <div role="cell" className="cell c-since">
        <RelativeTime iso={session.since} label={`${session.status} since`} />
      </div>
      <div role="cell" className="cell c-activity">
        <RelativeTime iso={session.lastActivityAt} variant="ago" label="Last output" />
      </div>
      <div role="cell" className="cell c-viewed">
        <RelativeTime iso={viewedAt} variant="ago" label="You last viewed it" />
      </div>
      <div role="cell" className="cell c-dir">
        <MiddleEllipsis text={session.projectDir} />
      </div>
    </div>
  );
});

import { memo, useContext } from 'react';
import type { Session } from '../../../../preload/contract';
import { MiddleEllipsis } from '../cells/MiddleEllipsis';
import { PipelineProgress } from '../cells/PipelineProgress';
import { RelativeTime } from '../cells/RelativeTime';
import { AgentBadge } from '../cells/AgentBadge';
import { ServerLabel } from '../cells/ServerLabel';
import { SourceBadge } from '../cells/SourceBadge';
import { formatAbsolute } from '../time/relativeTime';
import { StatusBadge } from '../cells/StatusBadge';
import { problemFlags } from '../model/cleanupPlan';
import { FLAG_LABELS, socketLabel } from '../model/labels';
import { ROW_HEIGHT_PX } from './columns';
import { RowRenderProbe } from './rowProbe';

export interface SessionRowProps {
  session: Session;
  index: number;
  selected: boolean;
  reviewed: boolean;
  viewedAt: string | null;
  /** The user's own name for it, shown first. */
  nickname: string | null;
  /** Marked for a bulk action (Space, Shift+arrows). */
  marked: boolean;
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
  nickname,
  marked,
}: SessionRowProps) {
  useContext(RowRenderProbe)?.(session.id);
  const flags = problemFlags(session);
  const nameTitle = [
    session.displayName,
    session.displayName === session.name ? null : `tmux session ${session.name}`,
    session.host ? `host ${session.host}` : null,
    `server ${socketLabel(session.socket)}`,
    viewedAt ? `you last viewed it ${formatAbsolute(viewedAt)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={nickname ? `${nickname} (${session.displayName})` : session.displayName}
      data-session-id={session.id}
      data-index={index}
      data-status={session.status}
      data-marked={marked || undefined}
      className={`row${selected ? ' selected' : ''}${reviewed ? ' reviewed' : ''}${marked ? ' marked' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT_PX}px)` }}
    >
      <div role="cell" className="cell c-status">
        <StatusBadge status={session.status} />
      </div>
      <div role="cell" className="cell c-name">
        {marked && (
          <span className="mark-box" title="Marked for a bulk action">
            <span className="visually-hidden">marked, </span>✓
          </span>
        )}
        {nickname && <span className="nickname">{nickname}</span>}
        <span className={`name${nickname ? ' name-secondary' : ''}`} title={nameTitle}>
          <MiddleEllipsis text={session.displayName} />
        </span>
        <AgentBadge agent={session.agent} />
        {session.source !== 'plain' && <SourceBadge source={session.source} />}
        <ServerLabel socket={session.socket} />
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
        <RelativeTime
          iso={session.since}
          label={`${session.status} since`}
          atLeast={session.sinceAtLeast}
        />
      </div>
      <div role="cell" className="cell c-activity">
        <RelativeTime iso={session.lastActivityAt} variant="ago" label="Last output" />
      </div>
      <div role="cell" className="cell c-dir">
        <MiddleEllipsis text={session.projectDir} />
      </div>
    </div>
  );
});

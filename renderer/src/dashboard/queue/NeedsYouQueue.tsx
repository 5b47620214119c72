/**
 * "Who needs me, and for what?": every waiting session, the longest wait
 * first, each with its question and its answers. With focus on a card, the
 * option's key answers it (Enter opens the terminal, Esc cancels a pending
 * confirmation); clicks work the same.
 */
import type { Session, TerminalMode } from '../../../../preload/contract';
import { AgentBadge } from '../cells/AgentBadge';
import { RelativeTime } from '../cells/RelativeTime';
import { ServerLabel } from '../cells/ServerLabel';
import { PromptAnswers, usePromptAnswers } from './PromptAnswers';

export interface NeedsYouQueueProps {
  sessions: readonly Session[];
  selectedId: string | null;
  onSelect: (session: Session) => void;
  onOpen?: ((session: Session, mode: TerminalMode) => void) | undefined;
}

export function NeedsYouQueue({
  sessions,
  selectedId,
  onSelect,
  onOpen,
}: NeedsYouQueueProps): React.JSX.Element | null {
  if (sessions.length === 0) return null;
  return (
    <section className="queue" aria-labelledby="queue-title">
      <h2 id="queue-title" className="queue-title">
        Needs you <span className="count">{sessions.length}</span>
        <span className="muted small">
          {' '}
          · longest wait first · focus a card and press an answer’s key
        </span>
      </h2>
      <ol className="queue-list">
        {sessions.map((session) => (
          <li key={session.id}>
            <QueueCard
              session={session}
              selected={session.id === selectedId}
              onSelect={onSelect}
              onOpen={onOpen}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}

function QueueCard({
  session,
  selected,
  onSelect,
  onOpen,
}: {
  session: Session;
  selected: boolean;
  onSelect: (session: Session) => void;
  onOpen?: ((session: Session, mode: TerminalMode) => void) | undefined;
}): React.JSX.Element {
  const prompt = session.prompt ?? null;
  const answers = usePromptAnswers(session.id, prompt);
  return (
    <article
      className={`queue-card${selected ? ' selected' : ''}`}
      data-session-id={session.id}
      aria-label={`${session.displayName} is waiting`}
      tabIndex={0}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onSelect(session);
      }}
      onClick={() => onSelect(session)}
      onKeyDown={(event) => {
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        // Buttons keep Enter and Space; the card's own keys are the answers.
        const onCard = event.target === event.currentTarget;
        if (!onCard && (event.key === 'Enter' || event.key === ' ')) return;
        if (answers.onKey(event.key)) {
          event.preventDefault();
          event.stopPropagation();
        } else if (event.key === 'Enter' && onOpen && session.live) {
          event.preventDefault();
          event.stopPropagation();
          onOpen(session, 'interactive');
        }
      }}
    >
      <div className="queue-card-head">
        <span className="status status-waiting" aria-hidden="true">
          <span className="status-glyph">?</span>
        </span>
        <strong className="name" title={session.name}>
          {session.displayName}
        </strong>
        <AgentBadge agent={session.agent} />
        <ServerLabel socket={session.socket} />
        <span className="muted small">
          waiting{' '}
          <RelativeTime iso={session.since} label="waiting since" atLeast={session.sinceAtLeast} />
        </span>
        {onOpen && session.live && (
          <button type="button" className="link" onClick={() => onOpen(session, 'interactive')}>
            Open terminal
          </button>
        )}
      </div>
      {prompt ? (
        <PromptAnswers session={session} prompt={prompt} place="queue" answers={answers} />
      ) : (
        <p className="queue-reason">{session.reason}</p>
      )}
    </article>
  );
}

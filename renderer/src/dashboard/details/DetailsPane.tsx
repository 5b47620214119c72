/**
 * Everything about the selected session: why it has its status (the
 * evidence), its screen (refreshed every second for this one session
 * only), its pipeline files (lock, state, events, progress) and the
 * commands to check it by hand.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  MAX_NICKNAME_CHARS,
  type Peek,
  type Session,
  type SessionDetails,
  type TerminalMode,
} from '../../../../preload/contract';
import { useApi } from '../../state/apiContext';
import { RelativeTime } from '../cells/RelativeTime';
import { AgentBadge } from '../cells/AgentBadge';
import { ServerLabel } from '../cells/ServerLabel';
import { SourceBadge } from '../cells/SourceBadge';
import { PromptAnswers, usePromptAnswers } from '../queue/PromptAnswers';
import { StatusBadge } from '../cells/StatusBadge';
import { hasProblems } from '../model/cleanupPlan';
import { socketLabel } from '../model/labels';
import { formatAbsolute } from '../time/relativeTime';
import { EndedActions, LogSection } from './KeepSections';
import { CommandList, EvidenceList, LockView, StateView, TailView } from './sections';
import { usePolled } from './usePolled';

/** A pipeline run that crashed or failed can be resumed (or started over). */
function resumable(session: Session): boolean {
  return (
    session.pipeline !== null &&
    (session.status === 'crashed' || session.pipeline.state === 'failed')
  );
}

/** The screen of the selected session refreshes this often: "live" to a reader. */
export const PEEK_INTERVAL_MS = 1_000;
/** Files change less often than screens; reading them every two seconds is plenty. */
export const DETAILS_INTERVAL_MS = 2_000;
/** Screen lines shown: a terminal's height. */
const PEEK_LINES = 40;
/** A session counts as viewed once its details have been on screen this long (not when arrowing past). */
export const VIEW_DWELL_MS = 1_500;

export interface DetailsPaneProps {
  session: Session | null;
  connected: boolean;
  reviewed: boolean;
  reviewable: boolean;
  onToggleReviewed: (session: Session) => void;
  onViewed: (session: Session) => void;
  onOpen?: ((session: Session, mode: TerminalMode) => void) | undefined;
  onKill?: ((session: Session) => void) | undefined;
  onCleanup?: (() => void) | undefined;
  onResume?: ((session: Session) => void) | undefined;
  /** The user's nickname for the session, and its editor (`n`). */
  nickname?: string | null;
  editingNickname?: boolean;
  onEditNickname?: (session: Session) => void;
  /** Save (a string, '' removes) or cancel (undefined) the nickname being edited. */
  onNickname?: (session: Session, nickname: string | null | undefined) => void;
}

function NicknameEditor({
  initial,
  onDone,
}: {
  initial: string;
  onDone: (nickname: string | null | undefined) => void;
}): React.JSX.Element {
  const [text, setText] = useState(initial);
  return (
    <form
      className="nickname-editor"
      onSubmit={(event) => {
        event.preventDefault();
        onDone(text.trim() === '' ? null : text);
      }}
    >
      <input
        aria-label="Nickname"
        autoFocus
        maxLength={MAX_NICKNAME_CHARS}
        value={text}
        placeholder="Your name for this session"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onDone(undefined);
          }
        }}
      />
      <button type="submit">Save</button>
    </form>
  );
}

function ScreenView({
  peek,
  session,
  connected,
}: {
  peek: Peek | null;
  session: Session;
  connected: boolean;
}) {
  // The bottom of the screen is where the cursor and a question are: keep it in view.
  const preRef = useRef<HTMLPreElement>(null);
  const text = peek?.text ?? null;
  useLayoutEffect(() => {
    const pre = preRef.current;
    if (pre) pre.scrollTop = pre.scrollHeight;
  }, [text]);
  if (!peek) return <p className="muted">Capturing the screen…</p>;
  const allDead = session.panes.length > 0 && session.panes.every((p) => p.dead);
  const caption = peek.kept
    ? `Last screen captured ${formatAbsolute(peek.capturedAt)}; the tmux session is gone.`
    : allDead
      ? 'Last screen of the exited pane (kept by tmux).'
      : connected
        ? 'Refreshed every second.'
        : 'Not refreshed: the supervisor is not answering.';
  return (
    <>
      {peek.text === null ? (
        <p className="muted">
          {session.live
            ? (peek.error ?? 'No screen.')
            : 'The tmux session is gone: see the progress and events below.'}
        </p>
      ) : (
        <pre ref={preRef} className="screen" aria-label="Last lines of the screen" tabIndex={0}>
          {peek.text || '(blank screen)'}
        </pre>
      )}
      <p className="muted small">{caption}</p>
    </>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `details-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="details-section">
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** Nothing selected: no pane at all (the list takes the room). */
export function DetailsPane(props: DetailsPaneProps): React.JSX.Element | null {
  const { session, connected, reviewed, reviewable, onViewed } = props;
  const api = useApi();
  const id = session?.id ?? null;
  const fetchPeek = useCallback(
    (sessionId: string) => api.peekSession({ sessionId, lines: PEEK_LINES }),
    [api],
  );
  const fetchDetails = useCallback(
    (sessionId: string) => api.getSessionDetails({ sessionId }),
    [api],
  );
  const peek = usePolled<Peek>(id, fetchPeek, PEEK_INTERVAL_MS, connected);
  const prompt = session?.prompt ?? null;
  const answers = usePromptAnswers(id, prompt);
  const details = usePolled<SessionDetails>(id, fetchDetails, DETAILS_INTERVAL_MS, connected);

  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => onViewed(session), VIEW_DWELL_MS);
    return () => clearTimeout(timer);
    // Only a change of session restarts the dwell, not its updates.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, onViewed]);

  if (!session) return null;
  const d = details.value;
  return (
    <section className="details" aria-label="Session details">
      <div className="details-head">
        <h2 title={session.displayName}>
          {props.nickname ? (
            <>
              {props.nickname} <span className="muted">({session.displayName})</span>
            </>
          ) : (
            session.displayName
          )}
        </h2>
        {props.editingNickname && props.onNickname && (
          <NicknameEditor
            initial={props.nickname ?? ''}
            onDone={(nickname) => props.onNickname?.(session, nickname)}
          />
        )}
        <div className="details-status">
          <StatusBadge status={session.status} />
          <RelativeTime
            iso={session.since}
            variant="for"
            label={`${session.status} since`}
            atLeast={session.sinceAtLeast}
          />
          <AgentBadge agent={session.agent} />
          {session.source !== 'plain' && <SourceBadge source={session.source} />}
          <ServerLabel socket={session.socket} />
          {session.host && (
            <span className="tag tag-host" title={`runs on host ${session.host}`}>
              {session.host}
            </span>
          )}
          {reviewed && <span className="tag tag-reviewed">reviewed</span>}
        </div>
        <p className="details-reason">{session.reason}</p>
        <p className="muted small">
          {session.name !== session.displayName && <>tmux session {session.name} · </>}
          server {socketLabel(session.socket)}
          {session.projectDir && (
            <>
              {' · '}
              <span title={session.projectDir}>{session.projectDir}</span>
            </>
          )}
        </p>
        <div className="actions" role="group" aria-label="Actions">
          {props.onOpen && session.live && session.socket && !session.ended && (
            <>
              <button type="button" onClick={() => props.onOpen?.(session, 'interactive')}>
                Open terminal <kbd>Enter</kbd>
              </button>
              <button type="button" onClick={() => props.onOpen?.(session, 'watch')}>
                Watch <kbd>Shift+Enter</kbd>
              </button>
            </>
          )}
          {(reviewable || reviewed) && (
            <button type="button" onClick={() => props.onToggleReviewed(session)}>
              {reviewed ? 'Mark not reviewed' : 'Mark reviewed'} <kbd>r</kbd>
            </button>
          )}
          {props.onEditNickname && !props.editingNickname && (
            <button type="button" onClick={() => props.onEditNickname?.(session)}>
              Nickname… <kbd>n</kbd>
            </button>
          )}
          {props.onResume && resumable(session) && (
            <button type="button" onClick={() => props.onResume?.(session)}>
              Resume…
            </button>
          )}
          {props.onKill && session.live && (
            <button type="button" className="danger" onClick={() => props.onKill?.(session)}>
              Kill… <kbd>k</kbd>
            </button>
          )}
          {props.onCleanup && hasProblems(session) && (
            <button type="button" onClick={() => props.onCleanup?.()}>
              Clean up… <kbd>c</kbd>
            </button>
          )}
        </div>
        <EndedActions session={session} />
      </div>
      {prompt && (
        <Section title="Question">
          <div
            onKeyDown={(event) => {
              if (event.ctrlKey || event.metaKey || event.altKey) return;
              if (event.key === 'Enter' || event.key === ' ') return;
              if (answers.onKey(event.key)) {
                event.preventDefault();
                event.stopPropagation();
              }
            }}
          >
            <PromptAnswers session={session} prompt={prompt} place="details" answers={answers} />
          </div>
        </Section>
      )}
      <Section title="Screen">
        <ScreenView peek={peek.value} session={session} connected={connected} />
      </Section>
      <Section title="Why this status">
        <EvidenceList evidence={session.evidence} />
      </Section>
      {session.socket && (
        <Section title="Log">
          <LogSection session={session} connected={connected} />
        </Section>
      )}
      {details.error && !d && <p className="problem">{details.error}</p>}
      {d?.lock && (
        <Section title="Lock">
          <LockView lock={d.lock} />
        </Section>
      )}
      {d?.state && (
        <Section title="State">
          <StateView state={d.state} />
        </Section>
      )}
      {d?.events && (
        <Section title="Events">
          <TailView tail={d.events} label="Events tail" />
        </Section>
      )}
      {d?.progress && (
        <Section title="Progress">
          <TailView tail={d.progress} label="Progress tail" />
        </Section>
      )}
      {d && (
        <Section title="Check by hand">
          <CommandList commands={d.commands} />
        </Section>
      )}
    </section>
  );
}

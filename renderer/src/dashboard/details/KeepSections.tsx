/**
 * The details pane's parts for keep-and-restore: an ended session's
 * actions (mark reviewed, dispose of after a confirmation) and a session's
 * output log (switch it on or off, and read its tail with a search). The
 * log is read only while its section is open.
 */
import { useCallback, useState } from 'react';
import type { LogView, Session } from '../../../../preload/contract';
import { requestFindInTerminal } from '../../terminal/findInTerminal';
import { useApi } from '../../state/apiContext';
import { formatAbsolute } from '../time/relativeTime';
import { usePolled } from './usePolled';

/** An open log view re-reads its tail this often. */
export const LOG_INTERVAL_MS = 2_000;
/** Lines of log shown. */
const LOG_LINES = 300;

export function EndedActions({ session }: { session: Session }): React.JSX.Element | null {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!session.ended) return null;
  const act = (what: 'review' | 'dispose'): void => {
    const request = { sessionIds: [session.id] };
    (what === 'review' ? api.reviewEnded(request) : api.disposeEnded(request)).then(
      () => setConfirming(false),
      (failure: unknown) => setError((failure as Error).message),
    );
  };
  return (
    <div className="ended-info" role="group" aria-label="Ended session">
      <p>
        Ended {formatAbsolute(session.ended.endedAt)}; it was{' '}
        <strong>{session.ended.lastStatus}</strong>: {session.ended.lastReason}
      </p>
      {confirming ? (
        <div className="row-actions">
          <span>Delete its kept screen{session.ended.log ? ' and its log' : ''}?</span>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => act('dispose')}>
            Dispose
          </button>
        </div>
      ) : (
        <div className="row-actions">
          <button type="button" onClick={() => act('review')}>
            Mark reviewed
          </button>
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Dispose…
          </button>
        </div>
      )}
      {error && <p className="problem">{error}</p>}
    </div>
  );
}

export function LogSection({
  session,
  connected,
}: {
  session: Session;
  connected: boolean;
}): React.JSX.Element {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [switched, setSwitched] = useState<LogView | null>(null);
  const fetchLog = useCallback(
    (sessionId: string) => api.readLog({ sessionId, lines: LOG_LINES, search }),
    [api, search],
  );
  const polled = usePolled<LogView>(session.id, fetchLog, LOG_INTERVAL_MS, connected && open);
  const view = polled.value ?? (switched?.sessionId === session.id ? switched : null);
  const toggle = (on: boolean): void => {
    setError(null);
    api
      .setLogging({ sessionId: session.id, on })
      .then(setSwitched, (failure: unknown) => setError((failure as Error).message));
  };
  return (
    <details
      className="log-section"
      open={open}
      onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}
    >
      <summary>Output log</summary>
      {session.live && !session.ended && (
        <div className="row-actions">
          <button type="button" onClick={() => toggle(!(view?.on ?? false))}>
            {view?.on ? 'Stop logging' : 'Log this session'}
          </button>
        </div>
      )}
      {open && (
        <>
          <input
            type="search"
            placeholder="Search the log"
            aria-label="Search the log"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          {search.trim() !== '' && session.live && !session.ended && (
            <button
              type="button"
              className="link"
              title="Open this session's terminal and find the text in its screen and scrollback"
              onClick={() =>
                requestFindInTerminal({
                  sessionId: session.id,
                  label: session.displayName,
                  text: search.trim(),
                })
              }
            >
              Find in the terminal
            </button>
          )}
          {view?.path ? (
            <>
              <pre className="screen log-tail" aria-label="Log tail" tabIndex={0}>
                {view.lines.join('\n') || (search ? '(no line matches)' : '(empty)')}
              </pre>
              <p className="muted small">
                {view.path}
                {view.truncated ? ' · the last lines only' : ''}
              </p>
            </>
          ) : (
            <p className="muted">
              {view?.unavailable ??
                'Not logged. Loopwatch logs the sessions it starts, and others when you ask.'}
            </p>
          )}
        </>
      )}
      {(error ?? polled.error) && <p className="problem">{error ?? polled.error}</p>}
    </details>
  );
}

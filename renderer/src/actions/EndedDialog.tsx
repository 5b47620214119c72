import { useEffect, useState } from 'react';
import type { LoopwatchApi, Session } from '../../../preload/contract';
import { Dialog, ErrorBox, errorText } from './Dialog';

/**
 * Every ended session kept for review, with the bulk actions: mark them
 * all reviewed (hidden; their screen and log stay), or dispose of them all
 * (their kept screen and log deleted) after a confirmation.
 */
export function EndedDialog({
  api,
  onClose,
}: {
  api: Pick<LoopwatchApi, 'getSnapshot' | 'reviewEnded' | 'disposeEnded'>;
  onClose: () => void;
}): React.JSX.Element {
  const [ended, setEnded] = useState<Session[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.getSnapshot().then(
      (snapshot) => live && setEnded(snapshot.sessions.filter((s) => s.ended)),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const ids = ended?.map((s) => s.id) ?? [];
  const act = async (what: 'review' | 'dispose'): Promise<void> => {
    setError(null);
    try {
      const change =
        what === 'review'
          ? await api.reviewEnded({ sessionIds: ids })
          : await api.disposeEnded({ sessionIds: ids });
      setMessage(change.message);
      setEnded([]);
      setConfirming(false);
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <Dialog title="Ended sessions" onClose={onClose}>
      {ended === null && !error && <p className="muted">Loading…</p>}
      {ended?.length === 0 && !message && <p>No ended session waits for review.</p>}
      {ended && ended.length > 0 && (
        <>
          <ul aria-label="Ended sessions">
            {ended.map((s) => (
              <li key={s.id}>
                <strong>{s.displayName}</strong>: ended {s.ended?.endedAt}, was{' '}
                {s.ended?.lastStatus}
              </li>
            ))}
          </ul>
          {confirming ? (
            <div className="row-actions">
              <p className="plan-note">
                Delete the kept screen and log of these {ended.length} session(s)? This cannot be
                undone.
              </p>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
              <button type="button" className="danger" onClick={() => void act('dispose')}>
                Dispose of {ended.length}
              </button>
            </div>
          ) : (
            <div className="row-actions">
              <button type="button" onClick={() => void act('review')}>
                Mark all reviewed
              </button>
              <button type="button" className="danger" onClick={() => setConfirming(true)}>
                Dispose of all…
              </button>
            </div>
          )}
        </>
      )}
      {message && (
        <p role="status" className="action-done">
          {message}
        </p>
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

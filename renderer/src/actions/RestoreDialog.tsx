import { useEffect, useState } from 'react';
import type { LoopwatchApi, RestorePlan, RestoreResult } from '../../../preload/contract';
import { Dialog, ErrorBox, errorText } from './Dialog';

/**
 * Restore after a reboot or a killed server: the plan first (per session,
 * what will run and why: the agent's resume command, or its original
 * command when no session id is known), then the sessions recreated.
 * Sessions that exist are refused, never replaced.
 */
export function RestoreDialog({
  api,
  onClose,
}: {
  api: Pick<LoopwatchApi, 'planRestore' | 'applyRestore'>;
  onClose: () => void;
}): React.JSX.Element {
  const [plan, setPlan] = useState<RestorePlan | null>(null);
  const [result, setResult] = useState<RestoreResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.planRestore({ names: [] }).then(
      (planned) => live && setPlan(planned),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const ready = plan?.items.filter((item) => item.ok) ?? [];
  const go = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.applyRestore({ names: ready.map((item) => item.key) }));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Restore sessions" onClose={onClose} wide>
      {!plan && !error && <p className="muted">Looking for sessions whose server is gone…</p>}
      {plan?.warnings.map((warning) => (
        <p key={warning} className="plan-note">
          {warning}
        </p>
      ))}
      {plan && plan.items.length === 0 && (
        <p>Nothing to restore: every recorded agent session still has its tmux server.</p>
      )}
      {plan && plan.items.length > 0 && !result && (
        <>
          <ul className="restore-plan" aria-label="Restore plan">
            {plan.items.map((item) => (
              <li key={item.key}>
                <strong>{item.session}</strong> on <code>{item.socket}</code>
                {item.host !== 'local' && (
                  <>
                    {' '}
                    on host <span className="tag tag-host">{item.host}</span>
                  </>
                )}{' '}
                ({item.windows} window(s), in <code>{item.cwd}</code>)
                <pre className="command">{item.display}</pre>
                <p className="muted small">
                  {item.note}; last seen {item.seenAt}
                </p>
                {item.problem && <p className="problem">Refused: {item.problem}</p>}
              </li>
            ))}
          </ul>
          <div className="row-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              disabled={ready.length === 0 || busy}
              onClick={() => void go()}
            >
              {busy ? 'Restoring…' : `Restore ${ready.length} session(s)`}
            </button>
          </div>
        </>
      )}
      {result && (
        <ul role="status" className="action-done" aria-label="Restore results">
          {result.results.map((r) => (
            <li key={r.key}>
              {r.outcome}: {r.session}: {r.detail}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

/**
 * Kill several sessions (the dashboard's marked rows): one plan listing
 * what each kill ends, one confirmation, then each session's screen and
 * scrollback saved and exactly that session killed, one after another.
 * A session that cannot be planned (gone, ambiguous) is listed with why and
 * left out.
 */
import { useEffect, useState } from 'react';
import type { KillPlan, LoopwatchApi } from '../../../preload/contract';
import { ConfirmFooter, Dialog, ErrorBox, errorText } from './Dialog';
import type { KillTarget } from './KillDialog';

type Planned = { target: KillTarget; plan: KillPlan | null; error: string | null };
type Outcome = { name: string; ok: boolean; text: string };

export function BulkKillDialog({
  api,
  targets,
  onClose,
}: {
  api: Pick<LoopwatchApi, 'planKill' | 'killSession'>;
  targets: readonly KillTarget[];
  onClose: () => void;
}): React.JSX.Element {
  const [planned, setPlanned] = useState<Planned[] | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all(
      targets.map((target) =>
        api.planKill({ name: target.name, socket: target.socket }).then(
          (plan): Planned => ({ target, plan, error: null }),
          (failure: unknown): Planned => ({ target, plan: null, error: errorText(failure) }),
        ),
      ),
    ).then((all) => live && setPlanned(all));
    return () => {
      live = false;
    };
  }, [api, targets]);

  const killable = (planned ?? []).filter((p) => p.plan !== null);
  const kill = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const done: Outcome[] = [];
    try {
      for (const { plan } of killable) {
        if (!plan) continue;
        try {
          const result = await api.killSession({
            socket: plan.socket,
            name: plan.name,
            tmuxId: plan.tmuxId,
            saveHistory: true,
          });
          done.push({ name: plan.name, ok: true, text: result.message });
        } catch (failure) {
          done.push({ name: plan.name, ok: false, text: errorText(failure) });
        }
      }
    } finally {
      setOutcomes(done);
      setBusy(false);
    }
  };

  const footer = (
    <ConfirmFooter done={outcomes !== null} onClose={onClose}>
      <button
        type="button"
        className="danger"
        disabled={killable.length === 0 || busy}
        onClick={() => void kill().catch((failure: unknown) => setError(errorText(failure)))}
      >
        {busy ? 'Saving history and killing…' : `Kill ${killable.length} sessions`}
      </button>
    </ConfirmFooter>
  );

  return (
    <Dialog title={`Kill ${targets.length} sessions?`} onClose={onClose} footer={footer}>
      {!planned && <p className="muted">Looking at the sessions…</p>}
      {planned && !outcomes && (
        <>
          <ul className="bulk-plan" aria-label="What each kill ends">
            {planned.map(({ target, plan, error: why }) => (
              <li key={`${target.socket ?? ''}:${target.name}`}>
                {plan ? (
                  <>
                    <span className="plan-summary">{plan.summary}</span>
                    {plan.notes.map((note) => (
                      <p key={note} className="plan-note">
                        {note}
                      </p>
                    ))}
                  </>
                ) : (
                  <span className="action-error">
                    {target.name}: left out, {why}
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p className="plan-safety">
            Each session’s screen and scrollback are saved first (in Loopwatch’s history folder);
            only then is it killed.
          </p>
        </>
      )}
      {outcomes && (
        <ul className="bulk-plan" aria-label="Results">
          {outcomes.map((o) => (
            <li key={o.name} className={o.ok ? 'action-done' : 'action-error'}>
              {o.text}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

import { useEffect, useState } from 'react';
import type { KillPlan, KillResult, LoopwatchApi } from '../../../preload/contract';
import { ConfirmFooter, Dialog, ErrorBox, errorText } from './Dialog';

export interface KillTarget {
  name: string;
  /** The session's server; null lets Loopwatch find it. */
  socket: string | null;
  /** Its remote host, if any: the plan and the kill run there, over ssh. */
  host?: string | undefined;
}

/**
 * The kill confirmation: what will end (panes, their programs, a pipeline
 * engine with it), that the screen and scrollback are saved first, then the
 * kill of exactly that session.
 */
export function KillDialog({
  api,
  target,
  onClose,
}: {
  api: Pick<LoopwatchApi, 'planKill' | 'killSession'>;
  target: KillTarget;
  onClose: () => void;
}): React.JSX.Element {
  const [plan, setPlan] = useState<KillPlan | null>(null);
  const [result, setResult] = useState<KillResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.planKill({ name: target.name, socket: target.socket, host: target.host }).then(
      (planned) => live && setPlan(planned),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, target.name, target.socket, target.host]);

  const kill = async (): Promise<void> => {
    if (!plan) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.killSession({
          socket: plan.socket,
          name: plan.name,
          tmuxId: plan.tmuxId,
          saveHistory: true,
          host: target.host,
        }),
      );
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const footer = (
    <ConfirmFooter done={!!result} onClose={onClose}>
      <button type="button" className="danger" disabled={!plan || busy} onClick={() => void kill()}>
        {busy ? 'Saving history and killing…' : 'Kill session'}
      </button>
    </ConfirmFooter>
  );

  return (
    <Dialog title={`Kill ${target.name}?`} onClose={onClose} footer={footer}>
      {!plan && !error && <p className="muted">Looking at the session…</p>}
      {plan && !result && (
        <>
          <p className="plan-summary">{plan.summary}</p>
          <table className="plan-panes" aria-label="Panes that will end">
            <thead>
              <tr>
                <th scope="col">Pane</th>
                <th scope="col">Program</th>
                <th scope="col">Pid</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {plan.panes.map((pane) => (
                <tr key={pane.id}>
                  <td>{pane.index}</td>
                  <td>{pane.command || '?'}</td>
                  <td>{pane.pid ?? '-'}</td>
                  <td>{pane.dead ? `dead (exit ${pane.exitStatus ?? '?'})` : 'running'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.notes.map((note) => (
            <p key={note} className="plan-note">
              {note}
            </p>
          ))}
          <p className="plan-safety">
            Its screen and scrollback are saved to <code>{plan.historyDir}</code> first; only then
            is the session killed.
          </p>
        </>
      )}
      {result && (
        <p role="status" className="action-done">
          {result.message}
        </p>
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

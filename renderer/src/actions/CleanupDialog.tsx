import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  ApplyCleanupResult,
  CleanupItem,
  CleanupKind,
  CleanupPlan,
  LoopwatchApi,
} from '../../../preload/contract';
import { ConfirmFooter, Dialog, ErrorBox, errorText } from './Dialog';
import { formatAge } from './format';

const KIND_HEADINGS: Readonly<Record<CleanupKind, string>> = {
  staleLock: 'Stale locks',
  zombieState: 'Zombie states',
  orphanSession: 'Orphan sessions',
  deadPane: 'Dead panes',
  registryEntry: 'tmux skill registry entries',
};

const AGE_FILTERS: readonly { label: string; value: string | null }[] = [
  { label: 'any age', value: null },
  { label: 'older than 30 minutes', value: '30m' },
  { label: 'older than 2 hours', value: '2h' },
  { label: 'older than 1 day', value: '1d' },
  { label: 'older than 2 days', value: '2d' },
];

const NOTHING_UNREAD = (): boolean => false;

function CleanupRow({
  item,
  checked,
  onToggle,
  unread,
}: {
  item: CleanupItem;
  checked: boolean;
  onToggle: (id: string) => void;
  unread: boolean;
}): React.JSX.Element {
  return (
    <li className="cleanup-item" data-item-id={item.id}>
      <label>
        <input type="checkbox" checked={checked} onChange={() => onToggle(item.id)} />
        <span className="cleanup-title">{item.title}</span>
        <span className="muted"> · {formatAge(item.ageMs)}</span>
      </label>
      <ul className="evidence" aria-label={`Evidence: ${item.title}`}>
        {item.evidence.map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
      </ul>
      <p className="fix">
        Fix: {item.fix}
        {!item.recommended && <strong> · not selected by default: it may still be working</strong>}
        {item.recommended && unread && (
          <strong> · not selected by default: nobody has read how it ended yet</strong>
        )}
      </p>
    </li>
  );
}

/**
 * The cleanup plan: every problem with its evidence and fix, checkboxes
 * (the recommended ones checked), and applying exactly the checked ones,
 * with each item's result.
 */
export function CleanupDialog({
  api,
  onClose,
  unread = NOTHING_UNREAD,
}: {
  api: Pick<LoopwatchApi, 'planCleanup' | 'applyCleanup'>;
  onClose: () => void;
  /**
   * Whether a tmux session (socket, name) ended without anyone reading it:
   * items that would end it are not checked by default (nothing unread is lost
   * by a default cleanup).
   */
  unread?: (socket: string, name: string) => boolean;
}): React.JSX.Element {
  const [olderThan, setOlderThan] = useState<string | null>(null);
  const [plan, setPlan] = useState<CleanupPlan | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<ApplyCleanupResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    api.planCleanup({ olderThan, projectRoots: [] }).then(
      (planned) => {
        if (!live) return;
        setPlan(planned);
        setChecked(
          new Set(
            planned.items
              .filter(
                (i) => i.recommended && !(i.session && unread(i.session.socket, i.session.name)),
              )
              .map((i) => i.id),
          ),
        );
        setResult(null);
        setError(null);
      },
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
    // The unread check is read once per plan: marks changing meanwhile do not re-check boxes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, olderThan, round]);

  const toggle = useCallback((id: string) => {
    setChecked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const groups = useMemo(() => {
    const byKind = new Map<CleanupKind, CleanupItem[]>();
    for (const item of plan?.items ?? [])
      byKind.set(item.kind, [...(byKind.get(item.kind) ?? []), item]);
    return [...byKind];
  }, [plan]);

  const apply = async (): Promise<void> => {
    if (!plan) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.applyCleanup({
          planId: plan.planId,
          itemIds: plan.items.filter((i) => checked.has(i.id)).map((i) => i.id),
        }),
      );
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const footer = (
    <ConfirmFooter
      done={!!result}
      onClose={onClose}
      doneActions={
        <button type="button" onClick={() => setRound((r) => r + 1)}>
          Look again
        </button>
      }
    >
      <button
        type="button"
        className="danger"
        disabled={!plan || busy || checked.size === 0}
        onClick={() => void apply()}
      >
        {busy ? 'Cleaning up…' : `Clean up ${checked.size} selected`}
      </button>
    </ConfirmFooter>
  );

  return (
    <Dialog title="Clean up" onClose={onClose} footer={footer} wide>
      <div className="cleanup-filter">
        <label>
          Problems{' '}
          <select
            value={olderThan ?? ''}
            onChange={(event) => setOlderThan(event.target.value || null)}
            disabled={busy}
          >
            {AGE_FILTERS.map((filter) => (
              <option key={filter.label} value={filter.value ?? ''}>
                {filter.label}
              </option>
            ))}
          </select>
        </label>
        {plan && (
          <span className="muted">
            {' '}
            Looked at {plan.projects.length} project(s), {plan.servers.length} tmux server(s),{' '}
            {plan.registries.length} registr{plan.registries.length === 1 ? 'y' : 'ies'}.
            {plan.youngerCount > 0 && ` ${plan.youngerCount} younger problem(s) left out.`}
          </span>
        )}
      </div>
      {!plan && !error && <p className="muted">Looking for problems…</p>}
      {plan && plan.items.length === 0 && <p role="status">Nothing to clean up.</p>}
      {plan && !result && plan.items.length > 0 && (
        <>
          <p className="plan-safety">
            Nothing has been changed yet. Each checked item is checked again right before it is
            applied and skipped if anything changed; sessions and panes have their screen saved to
            history before they end; every action goes to the audit log.
          </p>
          {groups.map(([kind, items]) => (
            <section key={kind} aria-label={KIND_HEADINGS[kind]}>
              <h3>
                {KIND_HEADINGS[kind]} ({items.length})
              </h3>
              <ul className="cleanup-list">
                {items.map((item) => (
                  <CleanupRow
                    key={item.id}
                    item={item}
                    checked={checked.has(item.id)}
                    onToggle={toggle}
                    unread={!!item.session && unread(item.session.socket, item.session.name)}
                  />
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      {plan?.warnings.map((warning) => (
        <p key={warning} className="plan-note">
          {warning}
        </p>
      ))}
      {result && (
        <ul className="cleanup-results" aria-label="Results">
          {result.results.map((r) => (
            <li key={r.id} className={`outcome-${r.outcome}`}>
              <span className="outcome">{r.outcome}</span> {r.title}: {r.detail}
            </li>
          ))}
          {result.warnings.map((warning) => (
            <li key={warning} className="outcome-failed">
              {warning}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

/** The parts of the details pane that show one file or fact each. */
import type {
  Evidence,
  FileTail,
  HandCommand,
  LockDetails,
  StateSummary,
} from '../../../../preload/contract';
import { RelativeTime } from '../cells/RelativeTime';
import { ruleInWords } from '../model/ruleWords';
import { formatAbsolute } from '../time/relativeTime';
import { CopyButton } from './CopyButton';

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Where a signal came from, in words (the engine's ranks, strongest first). */
const RANK_WORDS: Readonly<Record<Evidence['rank'], string>> = {
  agent: 'the agent itself (hook)',
  process: 'the process',
  screen: 'the screen',
  activity: 'pane activity',
};

export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }): React.JSX.Element {
  if (evidence.length === 0) return <p className="muted">No evidence recorded.</p>;
  return (
    <table className="evidence" aria-label="Status evidence">
      <thead>
        <tr>
          <th scope="col">What was seen</th>
          <th scope="col">From</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, i) => (
          <tr key={`${e.signal}-${i}`} title={`signal ${e.signal}`}>
            <td>
              {e.detail}
              {e.rule && <div className="muted rule-note">{ruleInWords(e.rule)}</div>}
            </td>
            <td>{RANK_WORDS[e.rank]}</td>
            <td>
              <RelativeTime iso={e.at} variant="ago" label="Observed" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LockView({ lock }: { lock: LockDetails }): React.JSX.Element {
  if (lock.missing) return <p className="muted">No lock file ({lock.path}).</p>;
  if (lock.error) return <p className="problem">{lock.error}</p>;
  const alive =
    lock.alive === null ? 'unknown' : lock.alive ? 'yes, the process is running' : 'no: stale lock';
  return (
    <dl className="facts" aria-label="Lock file">
      <Field label="PID">{lock.pid ?? '—'}</Field>
      <Field label="Alive">
        <span className={lock.alive === false ? 'problem' : undefined}>{alive}</span>
      </Field>
      <Field label="Started">{lock.startedAt ? formatAbsolute(lock.startedAt) : '—'}</Field>
      <Field label="File">
        <code className="path">{lock.path}</code>
      </Field>
    </dl>
  );
}

export function StateView({ state }: { state: StateSummary }): React.JSX.Element {
  if (state.missing) return <p className="muted">No state file ({state.path}).</p>;
  if (state.error) return <p className="problem">{state.error}</p>;
  const iteration =
    state.iteration === null
      ? '—'
      : `${state.iteration}${state.maxIterations === null ? '' : ` of ${state.maxIterations}`}` +
        (state.iterationCompleted === null ? '' : ` (${state.iterationCompleted} completed)`);
  return (
    <dl className="facts" aria-label="State file">
      <Field label="Status">{state.status ?? '—'}</Field>
      {state.type && <Field label="Type">{state.type}</Field>}
      <Field label="Iteration">{iteration}</Field>
      <Field label="Stage">
        {state.stage ?? '—'}
        {state.stageIndex !== null && state.stages.length > 0
          ? ` (${state.stageIndex + 1} of ${state.stages.length})`
          : ''}
      </Field>
      {state.stages.length > 0 && (
        <Field label="Stages">
          <ol className="stages">
            {state.stages.map((stage) => (
              <li key={stage.index} data-status={stage.status}>
                {stage.name} <span className="muted">{stage.status}</span>
              </li>
            ))}
          </ol>
        </Field>
      )}
      {state.runError && (
        <Field label="Error">
          <span className="problem">{state.runError}</span>
        </Field>
      )}
      {state.completionReason && <Field label="Completion">{state.completionReason}</Field>}
      {state.completedAt && <Field label="Completed">{formatAbsolute(state.completedAt)}</Field>}
      {state.failedAt && <Field label="Failed">{formatAbsolute(state.failedAt)}</Field>}
      {state.startedAt && <Field label="Started">{formatAbsolute(state.startedAt)}</Field>}
      <Field label="File">
        <code className="path">{state.path}</code>
      </Field>
    </dl>
  );
}

export function TailView({ tail, label }: { tail: FileTail; label: string }): React.JSX.Element {
  if (tail.missing) return <p className="muted">No file yet ({tail.path}).</p>;
  if (tail.error) return <p className="problem">{tail.error}</p>;
  return (
    <>
      <pre className="file-tail" aria-label={label} tabIndex={0}>
        {tail.truncated ? '…\n' : ''}
        {tail.lines.join('\n') || '(empty)'}
      </pre>
      <p className="muted small">
        <code className="path">{tail.path}</code>
      </p>
    </>
  );
}

export function CommandList({ commands }: { commands: readonly HandCommand[] }): React.JSX.Element {
  if (commands.length === 0) return <p className="muted">No commands for this session.</p>;
  return (
    <ul className="commands" aria-label="Commands">
      {commands.map((command) => (
        <li key={command.label}>
          <span className="command-label">{command.label}</span>
          <code className="command">{command.command}</code>
          <CopyButton text={command.command} label={command.label} />
        </li>
      ))}
    </ul>
  );
}

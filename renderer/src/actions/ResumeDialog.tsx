import { useEffect, useState } from 'react';
import type { LoopwatchApi, ResumePlan, RunSummary, StartResult } from '../../../preload/contract';
import { Dialog, ErrorBox, errorText, StartedNotice } from './Dialog';

type Mode = 'resume' | 'force';

/**
 * Resume or force-restart one run: shows the exact command (the run's
 * recorded command line plus --resume or --force), what stops it, then
 * runs it.
 */
export function ResumeConfirm({
  api,
  run,
  mode,
  onDone,
}: {
  api: Pick<LoopwatchApi, 'planResume' | 'resumeRun'>;
  run: Pick<RunSummary, 'name' | 'projectDir' | 'host'>;
  mode: Mode;
  onDone: () => void;
}): React.JSX.Element {
  const [plan, setPlan] = useState<ResumePlan | null>(null);
  const [result, setResult] = useState<StartResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.planResume({ name: run.name, projectDir: run.projectDir, mode, host: run.host }).then(
      (planned) => live && setPlan(planned),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, run.name, run.projectDir, run.host, mode]);

  const go = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.resumeRun({ name: run.name, projectDir: run.projectDir, mode, host: run.host }),
      );
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const verb = mode === 'resume' ? 'Resume' : 'Start over';
  return (
    <section className="resume-confirm" aria-label={`${verb} ${run.name}`}>
      {plan && !result && (
        <>
          <p>
            Run <strong>{plan.run.name}</strong> is {plan.run.condition}: {plan.run.reason}.
          </p>
          <p>
            Will run in <code>{plan.cwd}</code>
            {run.host && (
              <>
                {' '}
                on host <strong>{run.host}</strong>
              </>
            )}
            :
          </p>
          <pre className="command">{plan.display}</pre>
          {mode === 'force' && (
            <p className="plan-note">--force starts it over: its progress is discarded.</p>
          )}
          {plan.problems.length > 0 && (
            <ul className="plan-problems" aria-label="Problems">
              {plan.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <div className="row-actions">
            <button type="button" onClick={onDone}>
              Cancel
            </button>
            <button
              type="button"
              className={mode === 'force' ? 'danger' : 'primary'}
              disabled={!plan.ok || busy}
              onClick={() => void go()}
            >
              {busy ? 'Starting…' : verb}
            </button>
          </div>
        </>
      )}
      {result && <StartedNotice message={result.message} attach={result.attach} />}
      <ErrorBox error={error} />
    </section>
  );
}

/** Resume / force-restart buttons for one run (e.g. a crashed pipeline in the details pane). */
export function ResumeButtons({
  api,
  run,
}: {
  api: Pick<LoopwatchApi, 'planResume' | 'resumeRun'>;
  run: Pick<RunSummary, 'name' | 'projectDir' | 'host' | 'canResume' | 'canForce'>;
}): React.JSX.Element {
  const [mode, setMode] = useState<Mode | null>(null);
  if (mode) return <ResumeConfirm api={api} run={run} mode={mode} onDone={() => setMode(null)} />;
  return (
    <div className="row-actions">
      <button type="button" disabled={!run.canResume} onClick={() => setMode('resume')}>
        Resume
      </button>
      <button type="button" disabled={!run.canForce} onClick={() => setMode('force')}>
        Force restart
      </button>
    </div>
  );
}

/** Every run Loopwatch can find, with resume and force-restart where they apply. */
export function ResumeDialog({
  api,
  onClose,
}: {
  api: Pick<LoopwatchApi, 'listRuns' | 'planResume' | 'resumeRun'>;
  onClose: () => void;
}): React.JSX.Element {
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.listRuns({ projectRoots: [] }).then(
      (found) => live && setRuns(found),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <Dialog
      title="Resume a pipeline run"
      onClose={onClose}
      wide
      footer={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {!runs && !error && <p className="muted">Looking for runs…</p>}
      {runs?.length === 0 && <p>No pipeline runs found.</p>}
      {runs && runs.length > 0 && (
        <ul className="runs">
          {runs.map((run) => (
            <li
              key={`${run.host ?? ''}\0${run.projectDir}\0${run.name}`}
              aria-label={run.host ? `${run.host}:${run.name}` : run.name}
            >
              <div>
                <strong>{run.name}</strong>{' '}
                {run.host && <span className="tag tag-host">{run.host}</span>}{' '}
                <span className={`condition condition-${run.condition}`}>{run.condition}</span>{' '}
                <span className="muted">{run.projectDir}</span>
              </div>
              <div className="muted">{run.reason}</div>
              {(run.canResume || run.canForce) && <ResumeButtons api={api} run={run} />}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

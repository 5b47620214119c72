import { useEffect, useMemo, useState } from 'react';
import type { LoopwatchApi, StartPlan, StartRequest, StartResult } from '../../../preload/contract';
import { ConfirmFooter, Dialog, ErrorBox, errorText, StartedNotice } from './Dialog';

/** Wait this long after the last keystroke before asking for a plan. */
const PLAN_DEBOUNCE_MS = 250;

type Form = 'stage' | 'pipeline' | 'command';

interface Fields {
  form: Form;
  dir: string;
  name: string;
  type: string;
  max: string;
  file: string;
  runs: string;
  provider: string;
  model: string;
  context: string;
  inputs: string;
  force: boolean;
  socket: string;
  command: string;
  /** A remote host to start on (issue 17); '' for this machine. */
  host: string;
}

const INITIAL: Fields = {
  form: 'stage',
  dir: '',
  name: '',
  type: 'ralph',
  max: '25',
  file: '',
  runs: '',
  provider: '',
  model: '',
  context: '',
  inputs: '',
  force: false,
  socket: '',
  command: '',
  host: '',
};

const lines = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

/** The request for the fields, or why there is none yet. */
export function startRequest(f: Fields): StartRequest | string {
  if (f.dir.trim() === '') return 'Choose the folder first.';
  const host = f.host ? { host: f.host } : {};
  if (f.form === 'command') {
    const command = lines(f.command);
    if (command.length === 0) return 'Give the command, one argument per line.';
    return {
      form: 'command',
      socket: f.socket.trim() || null,
      dir: f.dir,
      name: f.name,
      command,
      ...host,
    };
  }
  const flags = {
    ...host,
    projectDir: f.dir,
    name: f.name,
    provider: f.provider || null,
    model: f.model.trim() || null,
    context: f.context.trim() || null,
    inputs: lines(f.inputs),
    force: f.force,
  };
  if (f.form === 'pipeline') {
    const runs = f.runs.trim() === '' ? null : Number(f.runs);
    return { form: 'pipeline', ...flags, file: f.file, runs: Number.isFinite(runs) ? runs : -1 };
  }
  const max = Number(f.max);
  return {
    form: 'stage',
    ...flags,
    type: f.type,
    max: Number.isFinite(max) ? Math.trunc(max) : 0,
    loop: false,
  };
}

function Field({
  label,
  children,
  hint,
}: {
  label: string;
  children: React.ReactNode;
  hint?: string;
}): React.JSX.Element {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}

/**
 * Start a pipeline run with the project's own scripts/run.sh, or any
 * command in a new tmux session. Every change asks the supervisor for a
 * plan: the exact command that will run, and each problem with its way out.
 * With remote hosts watched, it starts on the one chosen: the folder is then
 * a path there, and every check of the plan is made there.
 */
export function StartDialog({
  api,
  onClose,
  initialDir = '',
  hosts = [],
}: {
  api: Pick<LoopwatchApi, 'planStart' | 'startSession'>;
  onClose: () => void;
  initialDir?: string;
  /** The watched remote hosts' names. */
  hosts?: readonly string[];
}): React.JSX.Element {
  const [fields, setFields] = useState<Fields>({ ...INITIAL, dir: initialDir });
  const [plan, setPlan] = useState<StartPlan | null>(null);
  const [result, setResult] = useState<StartResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const request = useMemo(() => startRequest(fields), [fields]);
  const set =
    <K extends keyof Fields>(key: K) =>
    (value: Fields[K]): void =>
      setFields((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    if (typeof request === 'string') return;
    let live = true;
    const timer = setTimeout(() => {
      api.planStart(request).then(
        (planned) => {
          if (!live) return;
          setPlan(planned);
          setError(null);
        },
        (failure: unknown) => live && setError(errorText(failure)),
      );
    }, PLAN_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, request]);

  const start = async (): Promise<void> => {
    if (typeof request === 'string') return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api.startSession(request));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const current = typeof request === 'string' ? null : plan;
  const pipeline = fields.form !== 'command';
  const footer = (
    <ConfirmFooter done={!!result} onClose={onClose}>
      <button
        type="button"
        className="primary"
        disabled={!current?.ok || busy}
        onClick={() => void start()}
      >
        {busy ? 'Starting…' : 'Start'}
      </button>
    </ConfirmFooter>
  );

  return (
    <Dialog title="Start a session" onClose={onClose} footer={footer} wide>
      {result ? (
        <StartedNotice message={result.message} attach={result.attach}>
          {result.output.trim() && <pre className="output">{result.output}</pre>}
        </StartedNotice>
      ) : (
        <form className="start-form" onSubmit={(event) => event.preventDefault()}>
          <fieldset className="form-choice">
            <legend>What to start</legend>
            {(
              [
                ['stage', 'Pipeline run (run.sh TYPE NAME MAX)'],
                ['pipeline', 'Pipeline file (run.sh pipeline FILE NAME)'],
                ['command', 'Any command in a new tmux session'],
              ] as const
            ).map(([form, label]) => (
              <label key={form}>
                <input
                  type="radio"
                  name="form"
                  value={form}
                  checked={fields.form === form}
                  onChange={() => set('form')(form)}
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
          {hosts.length > 0 && (
            <Field
              label="Machine"
              hint={fields.host ? 'The folder is a path on that host' : undefined}
            >
              <select value={fields.host} onChange={(e) => set('host')(e.target.value)}>
                <option value="">this machine</option>
                {hosts.map((host) => (
                  <option key={host} value={host}>
                    {host}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field
            label={pipeline ? 'Project folder' : 'Start folder'}
            hint={pipeline ? 'The folder that has scripts/run.sh' : undefined}
          >
            <input
              value={fields.dir}
              onChange={(e) => set('dir')(e.target.value)}
              placeholder="/home/me/project"
            />
          </Field>
          <Field label="Name" hint="Lowercase letters, digits and hyphens, e.g. billing-refactor">
            <input value={fields.name} onChange={(e) => set('name')(e.target.value)} />
          </Field>
          {fields.form === 'stage' && (
            <div className="field-row">
              <Field label="Stage type" hint="A folder of scripts/loops, e.g. ralph, improve-plan">
                <input value={fields.type} onChange={(e) => set('type')(e.target.value)} />
              </Field>
              <Field label="Most iterations">
                <input
                  type="number"
                  min={1}
                  value={fields.max}
                  onChange={(e) => set('max')(e.target.value)}
                />
              </Field>
            </div>
          )}
          {fields.form === 'pipeline' && (
            <div className="field-row">
              <Field label="Pipeline file" hint="e.g. full-refine.yaml (scripts/pipelines)">
                <input value={fields.file} onChange={(e) => set('file')(e.target.value)} />
              </Field>
              <Field label="Runs (optional)">
                <input
                  type="number"
                  min={1}
                  value={fields.runs}
                  onChange={(e) => set('runs')(e.target.value)}
                />
              </Field>
            </div>
          )}
          {pipeline && (
            <>
              <div className="field-row">
                <Field label="Provider">
                  <select value={fields.provider} onChange={(e) => set('provider')(e.target.value)}>
                    <option value="">engine default</option>
                    <option value="claude">claude</option>
                    <option value="codex">codex</option>
                  </select>
                </Field>
                <Field label="Model (optional)">
                  <input
                    value={fields.model}
                    onChange={(e) => set('model')(e.target.value)}
                    placeholder="o3"
                  />
                </Field>
              </div>
              <Field label="Context (optional)">
                <textarea
                  rows={2}
                  value={fields.context}
                  onChange={(e) => set('context')(e.target.value)}
                />
              </Field>
              <Field label="Input files (optional, one per line)">
                <textarea
                  rows={2}
                  value={fields.inputs}
                  onChange={(e) => set('inputs')(e.target.value)}
                />
              </Field>
              <label className="check">
                <input
                  type="checkbox"
                  checked={fields.force}
                  onChange={(e) => set('force')(e.target.checked)}
                />{' '}
                Start over a crashed or finished run of that name (--force: its progress is
                discarded)
              </label>
            </>
          )}
          {fields.form === 'command' && (
            <>
              <Field
                label="Command, one argument per line"
                hint="A single line runs through the shell, as tmux does"
              >
                <textarea
                  rows={3}
                  value={fields.command}
                  onChange={(e) => set('command')(e.target.value)}
                />
              </Field>
              <Field label="tmux server socket (optional)" hint="Empty: the default server">
                <input value={fields.socket} onChange={(e) => set('socket')(e.target.value)} />
              </Field>
            </>
          )}
        </form>
      )}
      {!result && (
        <section className="start-plan" aria-label="What will run">
          {typeof request === 'string' ? (
            <p className="muted">{request}</p>
          ) : current ? (
            <>
              <p>
                Will run in <code>{current.cwd}</code>
                {current.host && (
                  <>
                    {' '}
                    on host <strong>{current.host}</strong>
                  </>
                )}
                :
              </p>
              <pre className="command">{current.display}</pre>
              <p className="muted">
                tmux session <code>{current.sessionName}</code>
                {fields.form === 'command' && ' (kept with its exit status when the command ends)'}
              </p>
              {current.problems.length > 0 && (
                <ul className="plan-problems" aria-label="Problems">
                  {current.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <p className="muted">Checking…</p>
          )}
        </section>
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

/**
 * `loopwatch resume NAME [--dir PROJECT] [--force] [--yes] [--json]`: re-run
 * a crashed or failed pipeline run's recorded command with `--resume` (or
 * start it over with `--force`, after confirmation). Without NAME: the runs
 * Loopwatch can find, and what can be done with each.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunSummary } from '../../../preload/contract';
import type { ActionContext } from '../../core/actions/context';
import { listRuns, planResume, resumeRun } from '../../core/actions/runs';
import { confirm, notConfirmed } from '../confirm';
import { table } from '../format';
import type { CliIo } from '../io';
import { UsageError } from '../usage';

function renderRuns(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return 'No pipeline runs found (name a project with --project-root).\n';
  return table(
    ['RUN', 'CONDITION', 'CAN', 'PROJECT', 'WHY'],
    runs.map((r) => [
      r.name,
      r.condition,
      [r.canResume ? 'resume' : '', r.canForce ? 'force' : ''].filter(Boolean).join(',') || '-',
      r.projectDir,
      r.reason,
    ]),
  );
}

export async function resumeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      'project-root': { type: 'string', multiple: true, default: [] },
      force: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const ctx: ActionContext = { env: io.env, sockets: [], actor: 'cli' };
  const cwd = io.cwd ?? process.cwd();
  if (positionals.length === 0) {
    const runs = await listRuns(
      ctx,
      values['project-root'].map((root) => resolve(cwd, root)),
    );
    io.out(values.json ? `${JSON.stringify(runs, null, 2)}\n` : renderRuns(runs));
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError('usage: loopwatch resume NAME [--dir PROJECT] [--force]');
  const mode = values.force ? 'force' : 'resume';
  const input = {
    name: positionals[0]!,
    projectDir: values.dir ? resolve(cwd, values.dir) : null,
    mode,
  } as const;
  const plan = await planResume(ctx, input);
  if (!plan.ok) {
    io.err(
      `loopwatch resume: cannot ${mode} run ${input.name}:\n${plan.problems.map((p) => `  - ${p}\n`).join('')}`,
    );
    return 1;
  }
  (values.json ? io.err : io.out)(
    `Run ${plan.run.name} is ${plan.run.condition} (${plan.run.reason}).\nIn ${plan.cwd}: ${plan.display}\n`,
  );
  if (mode === 'force') {
    const answer = await confirm(
      io,
      `Start run ${input.name} over (its progress is discarded)?`,
      values.yes,
    );
    if (answer !== 'yes') return notConfirmed(io, answer, 'start a run over with --force');
  }
  const result = await resumeRun(ctx, input);
  if (values.json) io.out(`${JSON.stringify({ plan, result }, null, 2)}\n`);
  else {
    if (result.output.trim())
      io.out(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    io.out(`${result.message}\n${result.attach ? `Watch it: ${result.attach}\n` : ''}`);
  }
  return result.sessionFound ? 0 : 1;
}

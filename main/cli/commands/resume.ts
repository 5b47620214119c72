/**
 * `loopwatch resume [HOST:]NAME [--host HOST] [--dir PROJECT] [--force] [--yes] [--json]`:
 * re-run a crashed or failed pipeline run's recorded command with
 * `--resume` (or start it over with `--force`, after confirmation), where
 * the run is: on a remote host everything is checked and run there
 * (`--dir` is then a path on the host). Without NAME: the runs Loopwatch
 * can find here and on the saved hosts (with `--host`: those hosts' only),
 * and what can be done with each.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunSummary } from '../../../preload/contract';
import type { ActionContext } from '../../core/actions/context';
import { listRuns, planResume, resumeRun } from '../../core/actions/runs';
import { actionTarget, knownHostConnections } from '../actionHost';
import { confirm, notConfirmed } from '../confirm';
import { table } from '../format';
import { HOST_OPTIONS, hostsFrom } from '../hostTargets';
import type { CliIo } from '../io';
import { UsageError } from '../usage';

function renderRuns(runs: readonly RunSummary[], warnings: readonly string[]): string {
  const notes = warnings.map((w) => `warning: ${w}\n`).join('');
  if (runs.length === 0)
    return `No pipeline runs found (name a project with --project-root).\n${notes}`;
  const onHosts = runs.some((r) => r.host);
  return (
    table(
      ['RUN', 'CONDITION', 'CAN', 'PROJECT', 'WHY'],
      runs.map((r) => [
        onHosts && r.host ? `${r.host}:${r.name}` : r.name,
        r.condition,
        [r.canResume ? 'resume' : '', r.canForce ? 'force' : ''].filter(Boolean).join(',') || '-',
        r.projectDir,
        r.reason,
      ]),
    ) + notes
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
      ...HOST_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
  });
  const cwd = io.cwd ?? process.cwd();
  const hostValues = { host: values.host, 'ssh-config': values['ssh-config'] };
  if (positionals.length === 0) {
    // With --host: those hosts' runs only (each host's project roots stand for --project-root
    // there). Without: this machine's and every saved host's, as `list` shows them.
    const picked = values.host.map((h) => h.split('=')[0]!);
    const hosts = picked.length > 0 ? picked : (await hostsFrom(hostValues, io)).map((h) => h.name);
    const ctx: ActionContext = {
      env: io.env,
      sockets: [],
      actor: 'cli',
      hosts: hosts.length > 0 ? await knownHostConnections(hostValues, io) : undefined,
    };
    const warnings: string[] = [];
    const roots = values['project-root'].map((root) => resolve(cwd, root));
    const found = await listRuns(ctx, roots, hosts, warnings);
    const runs = picked.length > 0 ? found.filter((r) => r.host) : found;
    io.out(values.json ? `${JSON.stringify(runs, null, 2)}\n` : renderRuns(runs, warnings));
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(
      'usage: loopwatch resume [HOST:]NAME [--host HOST] [--dir PROJECT] [--force]',
    );
  const target = await actionTarget(positionals[0]!, hostValues, io);
  const ctx: ActionContext = {
    env: io.env,
    sockets: [],
    actor: 'cli',
    hosts: target.host ? target.hosts : undefined,
  };
  const mode = values.force ? 'force' : 'resume';
  // A host's project dir is a path there: never resolved against this machine's cwd.
  const dir = values.dir ?? null;
  const input = {
    name: target.name,
    projectDir: dir === null ? null : target.host ? dir : resolve(cwd, dir),
    mode,
    host: target.host,
  } as const;
  const plan = await planResume(ctx, input);
  if (!plan.ok) {
    io.err(
      `loopwatch resume: cannot ${mode} run ${input.name}:\n${plan.problems.map((p) => `  - ${p}\n`).join('')}`,
    );
    return 1;
  }
  const where = target.host ? ` on host ${target.host}` : '';
  (values.json ? io.err : io.out)(
    `Run ${plan.run.name} is ${plan.run.condition} (${plan.run.reason}).\nIn ${plan.cwd}${where}: ${plan.display}\n`,
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

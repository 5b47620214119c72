/**
 * `loopwatch start`: a pipeline run with the project's own run.sh, in the
 * seeds' own words, or any command in a new tmux session:
 *
 *   loopwatch start [--host HOST] [--dir PROJECT] TYPE NAME MAX [run.sh flags]
 *   loopwatch start [--host HOST] [--dir PROJECT] loop TYPE NAME MAX [run.sh flags]
 *   loopwatch start [--host HOST] [--dir PROJECT] pipeline FILE NAME [RUNS] [run.sh flags]
 *   loopwatch start --name [HOST:]NAME [--host HOST] [--dir DIR] [--socket PATH] -- COMMAND [ARG...]
 *
 * run.sh flags: --provider=P --model=M --context=TEXT --input FILE... --force
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StartPlan, StartSpec } from '../../../preload/contract';
import { StartRequestSchema } from '../../../preload/contract';
import type { ActionContext } from '../../core/actions/context';
import { planStart, startSession } from '../../core/actions/start';
import { actionTarget } from '../actionHost';
import { confirm, notConfirmed } from '../confirm';
import { HOST_OPTIONS } from '../hostTargets';
import type { CliIo } from '../io';
import { UsageError } from '../usage';

function wholeNumber(text: string, what: string): number {
  if (!/^\d+$/.test(text))
    throw new UsageError(`${what} must be a whole number, not ${JSON.stringify(text)}`);
  return Number(text);
}

export function parseStartArgs(
  argv: string[],
  cwd: string,
): { spec: StartSpec; yes: boolean; json: boolean; hosts: HostValues; rawDir: string | null } {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      name: { type: 'string' },
      socket: { type: 'string' },
      provider: { type: 'string' },
      model: { type: 'string' },
      context: { type: 'string' },
      input: { type: 'string', multiple: true, default: [] },
      force: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      ...HOST_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
    tokens: true,
  });
  const terminator = tokens.find((t) => t.kind === 'option-terminator');
  const before = terminator
    ? tokens.flatMap((t) =>
        t.kind === 'positional' && t.index < terminator.index ? [t.value] : [],
      )
    : positionals;
  const command = terminator ? argv.slice(terminator.index + 1) : [];
  const dir = resolve(cwd, values.dir ?? '.');
  const common = {
    yes: values.yes,
    json: values.json,
    hosts: { host: values.host, 'ssh-config': values['ssh-config'] },
    rawDir: values.dir ?? null,
  };
  if (terminator) {
    if (before.length > 0)
      throw new UsageError(`unexpected ${JSON.stringify(before[0])} before --`);
    if (!values.name) throw new UsageError('the command form needs --name NAME');
    if (command.length === 0) throw new UsageError('give the command after --');
    for (const flag of ['provider', 'model', 'context'] as const) {
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} is a run.sh flag: it has no meaning for a command`);
    }
    return {
      spec: StartRequestSchema.parse({
        form: 'command',
        socket: values.socket ?? null,
        dir,
        name: values.name,
        command,
      }),
      ...common,
    };
  }
  if (values.name || values.socket) {
    throw new UsageError(
      '--name and --socket belong to the command form: loopwatch start --name NAME -- COMMAND',
    );
  }
  const flags = {
    projectDir: dir,
    provider: values.provider ?? null,
    model: values.model ?? null,
    context: values.context ?? null,
    inputs: values.input,
    force: values.force,
  };
  const [first, ...rest] = before;
  if (first === 'pipeline') {
    if (rest.length < 2 || rest.length > 3)
      throw new UsageError('usage: loopwatch start pipeline FILE NAME [RUNS]');
    const [file = '', name = '', runs] = rest;
    return {
      spec: StartRequestSchema.parse({
        form: 'pipeline',
        ...flags,
        file,
        name,
        runs: runs === undefined ? null : wholeNumber(runs, 'RUNS'),
      }),
      ...common,
    };
  }
  const loop = first === 'loop';
  const stage = loop ? rest : before;
  if (stage.length !== 3) {
    throw new UsageError(
      'usage: loopwatch start TYPE NAME MAX (or loop TYPE NAME MAX, or pipeline FILE NAME [RUNS])',
    );
  }
  const [type = '', name = '', max = ''] = stage;
  return {
    spec: StartRequestSchema.parse({
      form: 'stage',
      ...flags,
      loop,
      type,
      name,
      max: wholeNumber(max, 'MAX'),
    }),
    ...common,
  };
}

function printPlan(io: CliIo, plan: StartPlan): void {
  io.out(`In ${plan.cwd}${plan.host ? ` on host ${plan.host}` : ''}: ${plan.display}\n`);
}

/** `--host` values as the command line gave them. */
type HostValues = { host: string[]; 'ssh-config'?: string | undefined };

/**
 * `--name HOST:NAME` or `--host`: the command form on a remote host, its
 * directory as given (a path there; default the host user's home); or a
 * pipeline run there (`--host HOST --dir PROJECT`, the project a path there).
 */
async function onHost(
  parsed: ReturnType<typeof parseStartArgs>,
  io: CliIo,
): Promise<{ spec: StartSpec; hosts: ActionContext['hosts'] }> {
  const { spec } = parsed;
  const wantsHost =
    parsed.hosts.host.length > 0 || (spec.form === 'command' && spec.name.includes(':'));
  if (!wantsHost) return { spec, hosts: undefined };
  const target = await actionTarget(spec.name, parsed.hosts, io);
  if (!target.host) return { spec, hosts: undefined };
  if (spec.form !== 'command') {
    if (parsed.rawDir === null)
      throw new UsageError(
        `a pipeline run on host ${target.host} needs --dir PROJECT: the project's directory there (absolute, or ~/...)`,
      );
    return {
      spec: { ...spec, name: target.name, host: target.host, projectDir: parsed.rawDir },
      hosts: target.hosts,
    };
  }
  return {
    spec: { ...spec, name: target.name, host: target.host, dir: parsed.rawDir ?? '~' },
    hosts: target.hosts,
  };
}

export async function startCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseStartArgs(argv, io.cwd ?? process.cwd());
  const { yes, json } = parsed;
  const { spec, hosts } = await onHost(parsed, io);
  const ctx: ActionContext = { env: io.env, sockets: [], actor: 'cli', hosts };
  const plan = await planStart(ctx, spec);
  if (!plan.ok) {
    io.err(
      `loopwatch start: cannot start ${plan.sessionName}:\n${plan.problems.map((p) => `  - ${p}\n`).join('')}`,
    );
    return 1;
  }
  if (!json) printPlan(io, plan);
  if (spec.form !== 'command' && spec.force) {
    const answer = await confirm(
      io,
      `Start run ${spec.name} over with --force (its earlier progress is discarded)?`,
      yes,
    );
    if (answer !== 'yes') return notConfirmed(io, answer, 'start over with --force');
  }
  const result = await startSession(ctx, spec);
  if (json) {
    io.out(`${JSON.stringify({ plan, result }, null, 2)}\n`);
  } else {
    if (result.output.trim())
      io.out(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    io.out(`${result.message}\nWatch it: ${result.attach}\n`);
  }
  return result.sessionFound ? 0 : 1;
}

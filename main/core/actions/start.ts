/**
 * Start: a pipeline run in a project (`./scripts/run.sh TYPE NAME MAX`,
 * `loop TYPE NAME MAX` or `pipeline FILE NAME [RUNS]`, run from the project
 * directory; run.sh creates the tmux session), or any command in a new
 * session on a chosen server with `remain-on-exit on` for that session's
 * window, so its exit status stays readable. Always planned first: the plan
 * lists every problem with the way out, and starting re-plans.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { StartPlan, StartResult, StartSpec } from '../../../preload/contract';
import { shellCommand } from '../shell/shellQuote';
import { defaultTmuxSocket } from '../paths';
import { execTmuxChain } from '../tmux/execTmux';
import { exactSessionPane } from '../tmux/quote';
import { scanServer, type ServerScan } from '../tmux/scanServers';
import { appendAudit, refuseWithAudit } from './auditLog';
import type { ActionContext } from './context';
import { isDirectory } from './files';
import { nameProblem, pipelineSessionName } from './names';
import { newSessionCommands } from './newSessionCommands';
import { planRemoteCommand, startRemoteCommand } from './remoteStart';
import { hostConnectionOf } from './tmuxPlace';
import { attachHint, readRunFacts, runCondition, waitForRunSession } from './runFacts';
import { writeRunRecord } from './runRecords';
import { SessionLogs } from '../logs/sessionLogs';
import { hostField, refusingUnreachable, runPlaceOf, type RunPlace } from './runPlace';
import { fromProject, RUN_SH_COMMAND, runShArgs, runShFailure } from './runSh';

/** A stage type names a script in scripts/loops: same alphabet as run names. */
const STAGE_TYPE_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const PROVIDER_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** Model ids: `o3`, `claude-sonnet-4-5`, `openai/gpt-5`, `gpt-5:high`. */
const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/;

type PipelineSpec = Extract<StartSpec, { form: 'stage' | 'pipeline' }>;
type CommandSpec = Extract<StartSpec, { form: 'command' }>;

async function pipelineSpecProblems(
  place: RunPlace,
  spec: PipelineSpec,
  projectDir: string,
): Promise<string[]> {
  const problems: string[] = [];
  const name = nameProblem(spec.name, 'run name');
  if (name) problems.push(name);
  if (spec.form === 'stage') {
    if (!STAGE_TYPE_PATTERN.test(spec.type)) {
      problems.push(
        `${JSON.stringify(spec.type)} is not a stage type (e.g. ralph, work, improve-plan, refine-tasks)`,
      );
    } else {
      // The engine's stage types are the folders of scripts/loops (seeds: `ls scripts/loops/`).
      const entries = await place.entries(join(projectDir, 'scripts', 'loops'));
      const types = [...new Set(entries.map((entry) => entry.replace(/\.[^.]*$/, '')))].sort();
      if (types.length > 0 && !types.includes(spec.type)) {
        problems.push(
          `stage type ${JSON.stringify(spec.type)} is not in scripts/loops (there: ${types.join(', ')})`,
        );
      }
    }
    if (!Number.isInteger(spec.max) || spec.max < 1) {
      problems.push('MAX (the most iterations) must be a whole number of at least 1');
    }
  } else {
    if (spec.file === '') problems.push('a pipeline file is needed (e.g. full-refine.yaml)');
    else if (
      !(await place.exists(fromProject(projectDir, spec.file))) &&
      !(await place.exists(join(projectDir, 'scripts', 'pipelines', spec.file)))
    ) {
      problems.push(
        `pipeline file ${spec.file} not found (looked in ${place.where(`${projectDir} and ${join(projectDir, 'scripts', 'pipelines')}`)})`,
      );
    }
    if (spec.runs !== null && (!Number.isInteger(spec.runs) || spec.runs < 1)) {
      problems.push('RUNS must be a whole number of at least 1');
    }
  }
  if (spec.provider !== null && !PROVIDER_PATTERN.test(spec.provider)) {
    problems.push(`${JSON.stringify(spec.provider)} is not a provider name (e.g. claude, codex)`);
  }
  if (spec.model !== null && !MODEL_PATTERN.test(spec.model)) {
    problems.push(`${JSON.stringify(spec.model)} is not a model name (e.g. o3, claude-sonnet-4-5)`);
  }
  if (spec.context?.includes('\0')) problems.push('the context text cannot hold a NUL character');
  for (const input of spec.inputs) {
    if (!(await place.exists(fromProject(projectDir, input)))) {
      problems.push(`input file ${input} not found in ${place.where(projectDir)}`);
    }
  }
  return problems;
}

/** Problems with the run's name being taken: a live session, a live lock, an earlier run. */
async function clashProblems(
  ctx: ActionContext,
  place: RunPlace,
  projectDir: string,
  name: string,
  force: boolean,
  scans: readonly ServerScan[],
): Promise<string[]> {
  const facts = await readRunFacts(ctx, projectDir, name, scans, place);
  const problems: string[] = [];
  const kill = place.host ? `${place.host}:` : '';
  for (const session of facts.sessions) {
    problems.push(
      `tmux session ${session.name} already exists on ${place.tmux.where(session.socket)}: watch it with ` +
        `\`${place.attach(session.socket, session.name)}\`, or end it first with \`loopwatch kill ${kill}${session.name}\``,
    );
  }
  if (facts.holder?.alive) {
    problems.push(
      `run ${name} is live in ${place.where(projectDir)}: ${facts.holder.detail} and holds ${facts.lockPath}; ` +
        `--force cannot start over a live run (the engine refuses too)`,
    );
    return problems;
  }
  if (!force && (facts.lock.state !== 'absent' || facts.state.state !== 'absent')) {
    const { condition, reason } = runCondition(facts);
    const resume = place.host ? `${name} --host ${place.host}` : name;
    problems.push(
      `a run named ${name} already exists in ${place.where(projectDir)} (${condition}: ${reason}): ` +
        `continue it with \`loopwatch resume ${resume}\`, or start it over with --force`,
    );
  }
  return problems;
}

/**
 * Every check on the machine the project is on (a host's: its directory,
 * its run.sh, its lock holder's pid, its tmux servers), each made again
 * when the start re-plans right before running run.sh.
 */
async function planPipeline(ctx: ActionContext, spec: PipelineSpec): Promise<StartPlan> {
  const place = runPlaceOf(ctx, spec.host);
  return refusingUnreachable(place, async () => {
    const projectDir = await place.projectDir(spec.projectDir);
    const runSh = await place.runShProblem(projectDir);
    // Without the project there is nothing more to look at there.
    const problems = await pipelineSpecProblems(place, spec, projectDir);
    if (runSh) problems.push(runSh);
    if (!nameProblem(spec.name) && projectDir.startsWith('/')) {
      const scans = await place.tmux.scanAll();
      problems.push(...(await clashProblems(ctx, place, projectDir, spec.name, spec.force, scans)));
    }
    const socket = await place.defaultSocket();
    const argv = [RUN_SH_COMMAND, ...runShArgs(spec), ...(spec.force ? ['--force'] : [])];
    return {
      ok: problems.length === 0,
      problems,
      cwd: projectDir,
      argv,
      display: shellCommand(argv),
      sessionName: pipelineSessionName(spec.name),
      socket,
      ...hostField(place),
    };
  });
}

async function planCommand(ctx: ActionContext, spec: CommandSpec): Promise<StartPlan> {
  const socket = spec.socket ?? defaultTmuxSocket(ctx.env);
  const dir = resolve(spec.dir);
  const problems: string[] = [];
  const name = nameProblem(spec.name, 'session name');
  if (name) problems.push(name);
  if (!(await isDirectory(dir))) problems.push(`the directory ${dir} does not exist`);
  if (spec.command[0] === '') problems.push('the command is empty');
  if (spec.command.some((arg) => arg.includes('\0'))) {
    problems.push('the command cannot hold a NUL character');
  }
  if (!name) {
    const scan = await scanServer(socket, ctx.env);
    if (scan.state === 'error') problems.push(`tmux server ${socket} is not usable: ${scan.error}`);
    if (scan.sessions.some((s) => s.name === spec.name)) {
      problems.push(
        `tmux session ${spec.name} already exists on ${socket}: watch it with ` +
          `\`${attachHint(socket, spec.name)}\`, or pick another name`,
      );
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    cwd: dir,
    argv: [...spec.command],
    display: shellCommand(spec.command),
    sessionName: spec.name,
    socket,
  };
}

export function planStart(ctx: ActionContext, spec: StartSpec): Promise<StartPlan> {
  if (spec.form === 'command' && spec.host)
    return planRemoteCommand(hostConnectionOf(ctx, spec.host), spec);
  return spec.form === 'command' ? planCommand(ctx, spec) : planPipeline(ctx, spec);
}

function refuse(ctx: ActionContext, plan: StartPlan, target: string): Promise<never> {
  const entry = {
    action: 'start' as const,
    target,
    actor: ctx.actor,
    data: { argv: plan.argv, cwd: plan.cwd },
  };
  return refuseWithAudit(ctx.env, entry, plan.problems.join('\n'));
}

async function startPipeline(ctx: ActionContext, spec: PipelineSpec): Promise<StartResult> {
  const place = runPlaceOf(ctx, spec.host);
  // Planned again right before starting: the machine may have changed since the plan was shown.
  const plan = await planPipeline(ctx, spec);
  const target = place.where(`run ${spec.name} in ${plan.cwd}`);
  if (!plan.ok) return refuse(ctx, plan, target);
  const args = plan.argv.slice(1);
  const outcome = await refusingUnreachable(place, () => place.runRunSh(plan.cwd, args));
  const audit = {
    action: 'start' as const,
    target,
    actor: ctx.actor,
    data: { argv: plan.argv, cwd: plan.cwd, ...hostField(place) },
  };
  const why = runShFailure(outcome);
  if (why) {
    await appendAudit(ctx.env, { ...audit, outcome: 'failed', detail: why });
    throw new Error(`${why}; its output:\n${outcome.output.trim() || '(nothing)'}`);
  }
  await writeRunRecord(ctx.env, {
    version: 1,
    projectDir: plan.cwd,
    name: spec.name,
    args: args.filter((a) => a !== '--force'),
    recordedAt: new Date().toISOString(),
    source: 'start',
    ...hostField(place),
  });
  const socket = await refusingUnreachable(place, () => waitForRunSession(place.tmux, spec.name));
  const sessionName = plan.sessionName;
  // run.sh made the session: its log starts now (run.sh's first lines are in its own output above).
  // Not on a host: the log's writer is a program on this machine.
  const logged =
    socket && !place.host
      ? await new SessionLogs(ctx.env).on(socket, sessionName, 'start').catch(() => null)
      : null;
  const message = socket
    ? `started run ${spec.name}: tmux session ${sessionName} on ${place.tmux.where(socket)}` +
      (logged?.on ? `; its output is logged to ${logged.file}` : '')
    : place.where(
        `run.sh returned but no tmux session ${sessionName} (or loop-/ap-${spec.name}) appeared`,
      );
  await appendAudit(ctx.env, { ...audit, outcome: 'done', detail: message });
  return {
    sessionName,
    socket: socket ?? plan.socket,
    sessionFound: socket !== null,
    output: outcome.output,
    attach: place.attach(socket ?? plan.socket, sessionName),
    message,
  };
}

async function startCommand(ctx: ActionContext, spec: CommandSpec): Promise<StartResult> {
  const plan = await planCommand(ctx, spec);
  const target = `tmux session =${spec.name} on ${plan.socket}`;
  if (!plan.ok) return refuse(ctx, plan, target);
  // `tmux -S` does not create the socket's directory the way `-L` does (0700, as tmux wants it).
  await mkdir(dirname(plan.socket), { recursive: true, mode: 0o700 });
  // One tmux invocation: set-option runs in the same command queue as
  // new-session, before tmux can see the command exit, so its exit status is kept;
  // pipe-pane too, before tmux reads the pane's first output, so the log has it all.
  const logs = new SessionLogs(ctx.env);
  const logCommand = await logs.commandForNew(plan.socket, spec.name);
  try {
    await execTmuxChain(
      plan.socket,
      [
        ...newSessionCommands(spec.name, plan.cwd, spec.command),
        // The log's command is a shell string tmux expands as a format: its `#` are doubled.
        ['pipe-pane', '-o', '-t', exactSessionPane(spec.name), logCommand],
      ],
      { env: ctx.env },
    );
  } catch (error) {
    await appendAudit(ctx.env, {
      action: 'start',
      outcome: 'failed',
      target,
      detail: (error as Error).message,
      actor: ctx.actor,
    });
    throw error;
  }
  const logged = await logs.adopt(plan.socket, spec.name, 'start').catch(() => null);
  const message =
    `started ${plan.display} in tmux session ${spec.name} on ${plan.socket}` +
    (logged?.on ? `; its output is logged to ${logged.file}` : '');
  await appendAudit(ctx.env, {
    action: 'start',
    outcome: 'done',
    target,
    detail: message,
    actor: ctx.actor,
    data: { argv: plan.argv, cwd: plan.cwd },
  });
  return {
    sessionName: spec.name,
    socket: plan.socket,
    sessionFound: true,
    output: '',
    attach: attachHint(plan.socket, spec.name),
    message,
  };
}

export function startSession(ctx: ActionContext, spec: StartSpec): Promise<StartResult> {
  if (spec.form === 'command' && spec.host)
    return startRemoteCommand(ctx, hostConnectionOf(ctx, spec.host), spec);
  return spec.form === 'command' ? startCommand(ctx, spec) : startPipeline(ctx, spec);
}

/**
 * The pipeline runs Loopwatch can find, with what each one's files say
 * (live, crashed, failed, complete) and whether it can be resumed or
 * restarted; and resume / force-restart themselves, which re-run the run's
 * recorded command line with `--resume` or `--force`.
 */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResumePlan, RunSummary, StartResult } from '../../../preload/contract';
import { shellCommand } from '../shell/shellQuote';
import { locksDir, runNameFromLockFile, runsDir } from '../sources/pipeline/paths';
import { pipelineRunName } from '../sessions/classify';
import { scanServers, type ServerScan } from '../tmux/scanServers';
import { appendAudit, refuseWithAudit } from './auditLog';
import { ActionRefusedError, type ActionContext } from './context';
import { pipelineSessionName } from './names';
import { projectDirs } from './projects';
import {
  attachHint,
  readRunFacts,
  summarizeRun,
  waitForRunSession,
  type RunFacts,
} from './runFacts';
import { listRunRecords } from './runRecords';
import { RUN_SH_COMMAND, runRunSh, runShFailure, runShProblem } from './runSh';

const CONDITION_ORDER: Readonly<Record<RunSummary['condition'], number>> = {
  crashed: 0,
  failed: 1,
  live: 2,
  unknown: 3,
  complete: 4,
};

/** Run names with a lock or a run directory in `projectDir`. */
async function runNamesIn(projectDir: string): Promise<string[]> {
  const [locks, runs] = await Promise.all([
    readdir(locksDir(projectDir)).catch(() => [] as string[]),
    readdir(runsDir(projectDir), { withFileTypes: true }).catch(() => []),
  ]);
  const names = new Set<string>();
  for (const file of locks) {
    const name = runNameFromLockFile(file);
    if (name) names.add(name);
  }
  for (const entry of runs) if (entry.isDirectory()) names.add(entry.name);
  return [...names];
}

export async function listRuns(
  ctx: ActionContext,
  roots: readonly string[] = [],
): Promise<RunSummary[]> {
  const scans = await scanServers(ctx.env, ctx.sockets);
  const projects = await projectDirs(ctx, roots, scans);
  const keys = new Map<string, { projectDir: string; name: string }>();
  const add = (projectDir: string, name: string): void => {
    keys.set(`${projectDir}\0${name}`, { projectDir, name });
  };
  for (const projectDir of projects) {
    for (const name of await runNamesIn(projectDir)) add(projectDir, name);
  }
  for (const record of await listRunRecords(ctx.env)) add(resolve(record.projectDir), record.name);
  for (const scan of scans) {
    for (const session of scan.sessions) {
      const run = pipelineRunName(session.name);
      if (run && session.path) add(resolve(session.path), run);
    }
  }
  const summaries = await Promise.all(
    [...keys.values()].map(async ({ projectDir, name }) =>
      summarizeRun(await readRunFacts(ctx, projectDir, name, scans)),
    ),
  );
  return summaries.sort(
    (a, b) =>
      CONDITION_ORDER[a.condition] - CONDITION_ORDER[b.condition] ||
      a.name.localeCompare(b.name) ||
      a.projectDir.localeCompare(b.projectDir),
  );
}

/** The one run named `name` (in `projectDir` when given), or a refusal saying why not. */
async function findRun(
  ctx: ActionContext,
  name: string,
  projectDir: string | null,
  scans: readonly ServerScan[],
): Promise<RunFacts> {
  if (projectDir) return readRunFacts(ctx, resolve(projectDir), name, scans);
  const candidates = new Set<string>();
  for (const record of await listRunRecords(ctx.env, name)) {
    candidates.add(resolve(record.projectDir));
  }
  for (const dir of await projectDirs(ctx, [], scans)) {
    if ((await runNamesIn(dir)).includes(name)) candidates.add(dir);
  }
  if (candidates.size === 0) {
    throw new ActionRefusedError(
      `Loopwatch knows no run named ${JSON.stringify(name)}: it looks in the projects of live ` +
        'pipeline sessions and of runs it started; name the project with --dir',
    );
  }
  if (candidates.size > 1) {
    throw new ActionRefusedError(
      `runs named ${JSON.stringify(name)} exist in several projects (${[...candidates].join(', ')}): say which with --dir`,
    );
  }
  return readRunFacts(ctx, [...candidates][0]!, name, scans);
}

export interface ResumeInput {
  name: string;
  projectDir: string | null;
  mode: 'resume' | 'force';
}

export async function planResume(ctx: ActionContext, input: ResumeInput): Promise<ResumePlan> {
  const scans = await scanServers(ctx.env, ctx.sockets);
  const facts = await findRun(ctx, input.name, input.projectDir, scans);
  const run = summarizeRun(facts);
  const problems: string[] = [];
  const flag = input.mode === 'resume' ? '--resume' : '--force';
  if (run.condition === 'live') {
    const session = facts.sessions[0];
    const attach = session ? `; watch it with \`${attachHint(session.socket, session.name)}\`` : '';
    problems.push(
      `run ${run.name} is live (${run.reason}): there is nothing to ${input.mode}${attach}`,
    );
  } else {
    for (const session of facts.sessions) {
      problems.push(
        `tmux session ${session.name} is still there on ${session.socket} (its panes are dead), and ` +
          `run.sh needs the name: end it first with \`loopwatch kill ${session.name}\` (its screen is saved)`,
      );
    }
    if (input.mode === 'resume' && (run.condition === 'complete' || run.condition === 'unknown')) {
      problems.push(
        `run ${run.name} is ${run.condition} (${run.reason}): there is nothing to resume; ` +
          `start it over with \`loopwatch resume ${run.name} --force\``,
      );
    }
  }
  if (run.args === null) {
    problems.push(
      `Loopwatch has no record of how run ${run.name} was started (it records the runs it starts, ` +
        `and learns a run started by hand while it is live): run it yourself from ${facts.projectDir}, ` +
        `e.g. ./scripts/run.sh TYPE ${run.name} MAX ${flag}`,
    );
  }
  const runSh = await runShProblem(facts.projectDir);
  if (runSh) problems.push(runSh);
  const argv = [RUN_SH_COMMAND, ...(run.args ?? []), flag];
  return {
    run,
    mode: input.mode,
    ok: problems.length === 0,
    problems,
    cwd: facts.projectDir,
    argv,
    display: shellCommand(argv),
  };
}

export async function resumeRun(ctx: ActionContext, input: ResumeInput): Promise<StartResult> {
  const plan = await planResume(ctx, input);
  const action = input.mode === 'resume' ? ('resume' as const) : ('force-restart' as const);
  const target = `run ${input.name} in ${plan.cwd}`;
  const audit = { action, target, actor: ctx.actor, data: { argv: plan.argv, cwd: plan.cwd } };
  if (!plan.ok) return refuseWithAudit(ctx.env, audit, plan.problems.join('\n'));
  const outcome = await runRunSh(plan.cwd, plan.argv.slice(1), ctx.env);
  const why = runShFailure(outcome);
  if (why) {
    await appendAudit(ctx.env, { ...audit, outcome: 'failed', detail: why });
    throw new Error(`${why}; its output:\n${outcome.output.trim() || '(nothing)'}`);
  }
  const socket = await waitForRunSession(ctx, input.name);
  const sessionName = pipelineSessionName(input.name);
  const verb = input.mode === 'resume' ? 'resumed' : 'restarted (--force)';
  const message = socket
    ? `${verb} run ${input.name}: tmux session ${sessionName} on ${socket}`
    : `run.sh returned but no tmux session for run ${input.name} appeared`;
  await appendAudit(ctx.env, { ...audit, outcome: 'done', detail: message });
  const where = socket ?? plan.run.projectDir;
  return {
    sessionName,
    socket: where,
    sessionFound: socket !== null,
    output: outcome.output,
    attach: socket ? attachHint(socket, sessionName) : '',
    message,
  };
}

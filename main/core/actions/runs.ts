/**
 * The pipeline runs Loopwatch can find, with what each one's files say
 * (live, crashed, failed, complete) and whether it can be resumed or
 * restarted; and resume / force-restart themselves, which re-run the run's
 * recorded command line with `--resume` or `--force`. A remote host's runs
 * (issue 17) are found, judged and resumed there by the same code
 * (runPlace.ts): its files, its lock holders' pids, its tmux servers, its
 * run.sh, each read again just before run.sh runs.
 */
import { posix, resolve } from 'node:path';
import type { ResumePlan, RunSummary, StartResult } from '../../../preload/contract';
import { shellCommand } from '../shell/shellQuote';
import { locksDir, runNameFromLockFile, runsDir } from '../sources/pipeline/paths';
import { pipelineRunName } from '../sessions/classify';
import type { ServerScan } from '../tmux/scanServers';
import { appendAudit, refuseWithAudit } from './auditLog';
import { ActionRefusedError, type ActionContext } from './context';
import { nameProblem, pipelineSessionName } from './names';
import { projectDirs } from './projects';
import { readRunFacts, summarizeRun, waitForRunSession, type RunFacts } from './runFacts';
import { listRunRecords } from './runRecords';
import {
  hostField,
  localRunPlace,
  refusingUnreachable,
  runPlaceOf,
  type RunPlace,
} from './runPlace';
import { RUN_SH_COMMAND, runShFailure } from './runSh';

const CONDITION_ORDER: Readonly<Record<RunSummary['condition'], number>> = {
  crashed: 0,
  failed: 1,
  live: 2,
  unknown: 3,
  complete: 4,
};

/** Run names with a lock or a run directory in `projectDir` (there). */
async function runNamesIn(place: RunPlace, projectDir: string): Promise<string[]> {
  const [locks, runs] = await Promise.all([
    place.entries(locksDir(projectDir)),
    place.machine.files.subdirs(runsDir(projectDir)),
  ]);
  const names = new Set<string>(runs);
  for (const file of locks) {
    const name = runNameFromLockFile(file);
    if (name) names.add(name);
  }
  return [...names];
}

/** A directory as tmux or a record gives it, on its machine (a host's: never resolved here). */
function dirOn(place: RunPlace, dir: string): string | null {
  if (!place.host) return resolve(dir);
  return dir.startsWith('/') ? posix.normalize(dir).replace(/(.)\/$/, '$1') : null;
}

/**
 * The project dirs to look in there: this machine's from projects.ts; a
 * host's are its project roots, its pipeline sessions' directories and the
 * projects of its runs Loopwatch recorded.
 */
export async function projectsOn(
  ctx: ActionContext,
  place: RunPlace,
  roots: readonly string[],
  scans: readonly ServerScan[],
): Promise<string[]> {
  if (!place.host) return projectDirs(ctx, roots, scans);
  const found = new Set<string>(place.projectRoots);
  for (const scan of scans)
    for (const session of scan.sessions) {
      const dir = pipelineRunName(session.name) !== null ? dirOn(place, session.path) : null;
      if (dir) found.add(dir);
    }
  for (const record of await listRunRecords(ctx.env, undefined, place.host)) {
    const dir = dirOn(place, record.projectDir);
    if (dir) found.add(dir);
  }
  return [...found].sort();
}

async function runsOn(
  ctx: ActionContext,
  place: RunPlace,
  roots: readonly string[],
): Promise<RunSummary[]> {
  const scans = await place.tmux.scanAll();
  const projects = await projectsOn(ctx, place, roots, scans);
  const keys = new Map<string, { projectDir: string; name: string }>();
  const add = (projectDir: string | null, name: string): void => {
    if (projectDir) keys.set(`${projectDir}\0${name}`, { projectDir, name });
  };
  for (const projectDir of projects) {
    for (const name of await runNamesIn(place, projectDir)) add(projectDir, name);
  }
  for (const record of await listRunRecords(ctx.env, undefined, place.host))
    add(dirOn(place, record.projectDir), record.name);
  for (const scan of scans) {
    for (const session of scan.sessions) {
      const run = pipelineRunName(session.name);
      if (run && session.path) add(dirOn(place, session.path), run);
    }
  }
  return Promise.all(
    [...keys.values()].map(async ({ projectDir, name }) =>
      summarizeRun(await readRunFacts(ctx, projectDir, name, scans, place)),
    ),
  );
}

/**
 * Every run Loopwatch can find on this machine, and on each of `hosts`
 * (a host that cannot be asked adds its reason to `warnings`, never a guess).
 */
export async function listRuns(
  ctx: ActionContext,
  roots: readonly string[] = [],
  hosts: readonly string[] = [],
  warnings: string[] = [],
): Promise<RunSummary[]> {
  const perPlace = await Promise.all([
    runsOn(ctx, localRunPlace(ctx), roots),
    ...hosts.map(async (host) => {
      try {
        const place = runPlaceOf(ctx, host);
        return await refusingUnreachable(place, () => runsOn(ctx, place, []));
      } catch (error) {
        if (!(error instanceof ActionRefusedError)) throw error;
        warnings.push(`host ${host} not looked at: ${error.message}`);
        return [];
      }
    }),
  ]);
  return perPlace
    .flat()
    .sort(
      (a, b) =>
        CONDITION_ORDER[a.condition] - CONDITION_ORDER[b.condition] ||
        a.name.localeCompare(b.name) ||
        (a.host ?? '').localeCompare(b.host ?? '') ||
        a.projectDir.localeCompare(b.projectDir),
    );
}

/** The one run named `name` (in `projectDir` when given), or a refusal saying why not. */
async function findRun(
  ctx: ActionContext,
  place: RunPlace,
  name: string,
  projectDir: string | null,
  scans: readonly ServerScan[],
): Promise<RunFacts> {
  if (projectDir) return readRunFacts(ctx, await place.projectDir(projectDir), name, scans, place);
  const candidates = new Set<string>();
  for (const record of await listRunRecords(ctx.env, name, place.host)) {
    const dir = dirOn(place, record.projectDir);
    if (dir) candidates.add(dir);
  }
  for (const dir of await projectsOn(ctx, place, [], scans)) {
    if ((await runNamesIn(place, dir)).includes(name)) candidates.add(dir);
  }
  if (candidates.size === 0) {
    throw new ActionRefusedError(
      `Loopwatch knows no run named ${JSON.stringify(name)}${place.host ? ` on host ${place.host}` : ''}: ` +
        `it looks in the projects of live pipeline sessions${place.host ? ", the host's project roots" : ''} ` +
        'and of runs it started; name the project with --dir',
    );
  }
  if (candidates.size > 1) {
    throw new ActionRefusedError(
      `runs named ${JSON.stringify(name)} exist in several projects (${[...candidates].join(', ')}): say which with --dir`,
    );
  }
  return readRunFacts(ctx, [...candidates][0]!, name, scans, place);
}

export interface ResumeInput {
  name: string;
  projectDir: string | null;
  mode: 'resume' | 'force';
  /** The run's remote host; absent or null: this machine. */
  host?: string | null | undefined;
}

/** Every check made where the run is (a host's: its files, pids, tmux and run.sh). */
export async function planResume(ctx: ActionContext, input: ResumeInput): Promise<ResumePlan> {
  const place = runPlaceOf(ctx, input.host);
  // Never a path part: a name the seeds would not take finds no files, anywhere.
  const invalid = nameProblem(input.name, 'run name');
  if (invalid) throw new ActionRefusedError(invalid);
  return refusingUnreachable(place, async () => {
    const scans = await place.tmux.scanAll();
    const facts = await findRun(ctx, place, input.name, input.projectDir, scans);
    const run = summarizeRun(facts);
    const problems: string[] = [];
    const flag = input.mode === 'resume' ? '--resume' : '--force';
    const onHost = place.host ? ` --host ${place.host}` : '';
    if (run.condition === 'live') {
      const session = facts.sessions[0];
      const attach = session
        ? `; watch it with \`${place.attach(session.socket, session.name)}\``
        : '';
      problems.push(
        `run ${run.name} is live (${run.reason}): there is nothing to ${input.mode}${attach}`,
      );
    } else {
      const kill = place.host ? `${place.host}:` : '';
      for (const session of facts.sessions) {
        problems.push(
          `tmux session ${session.name} is still there on ${place.tmux.where(session.socket)} (its panes are dead), and ` +
            `run.sh needs the name: end it first with \`loopwatch kill ${kill}${session.name}\` (its screen is saved)`,
        );
      }
      if (
        input.mode === 'resume' &&
        (run.condition === 'complete' || run.condition === 'unknown')
      ) {
        problems.push(
          `run ${run.name} is ${run.condition} (${run.reason}): there is nothing to resume; ` +
            `start it over with \`loopwatch resume ${run.name}${onHost} --force\``,
        );
      }
    }
    if (run.args === null) {
      problems.push(
        `Loopwatch has no record of how run ${run.name} was started (it records the runs it starts, ` +
          `and learns a run started by hand while it is live): run it yourself from ${place.where(facts.projectDir)}, ` +
          `e.g. ./scripts/run.sh TYPE ${run.name} MAX ${flag}`,
      );
    }
    const runSh = await place.runShProblem(facts.projectDir);
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
  });
}

export async function resumeRun(ctx: ActionContext, input: ResumeInput): Promise<StartResult> {
  const place = runPlaceOf(ctx, input.host);
  // Planned again right before run.sh: the run's files and processes may have changed there.
  const plan = await planResume(ctx, input);
  const action = input.mode === 'resume' ? ('resume' as const) : ('force-restart' as const);
  const target = place.where(`run ${input.name} in ${plan.cwd}`);
  const data = { argv: plan.argv, cwd: plan.cwd, ...hostField(place) };
  const audit = { action, target, actor: ctx.actor, data };
  if (!plan.ok) return refuseWithAudit(ctx.env, audit, plan.problems.join('\n'));
  const outcome = await refusingUnreachable(place, () =>
    place.runRunSh(plan.cwd, plan.argv.slice(1)),
  );
  const why = runShFailure(outcome);
  if (why) {
    await appendAudit(ctx.env, { ...audit, outcome: 'failed', detail: why });
    throw new Error(`${why}; its output:\n${outcome.output.trim() || '(nothing)'}`);
  }
  const socket = await refusingUnreachable(place, () => waitForRunSession(place.tmux, input.name));
  const sessionName = pipelineSessionName(input.name);
  const verb = input.mode === 'resume' ? 'resumed' : 'restarted (--force)';
  const message = socket
    ? `${verb} run ${input.name}: tmux session ${sessionName} on ${place.tmux.where(socket)}`
    : place.where(`run.sh returned but no tmux session for run ${input.name} appeared`);
  await appendAudit(ctx.env, { ...audit, outcome: 'done', detail: message });
  const where = socket ?? plan.run.projectDir;
  return {
    sessionName,
    socket: where,
    sessionFound: socket !== null,
    output: outcome.output,
    attach: socket ? place.attach(socket, sessionName) : '',
    message,
  };
}

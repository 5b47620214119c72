/**
 * Projects driven by the fake agent pipeline engine (test/fixtures/
 * pipeline-engine: a scripts/run.sh with the real one's command line that
 * writes locks and state as FIELD.md says), and the CLI run in-process.
 */
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../main/cli';
import type { CliIo } from '../../main/cli/io';
import { assessHolder } from '../../main/core/actions/holder';
import { pidAlive, processArgs } from '../../main/core/proc/processes';
import type { Sandbox } from './sandbox';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'pipeline-engine');

/** A copy of the fake engine's project in the sandbox. */
export async function createFakeProject(sandbox: Sandbox, name: string): Promise<string> {
  const dir = join(sandbox.root, 'projects', name);
  await mkdir(dir, { recursive: true });
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Every argv the fake run.sh was called with, oldest first. */
export async function engineCalls(projectDir: string): Promise<string[][]> {
  const dir = join(projectDir, '.fake-engine', 'calls');
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => !f.endsWith('.tmp'))
    .sort();
  return Promise.all(
    files.map(async (f) => (await readFile(join(dir, f), 'utf8')).split('\0').slice(0, -1)),
  );
}

/** The invocations a user (or Loopwatch) made: without the engine's own `--foreground` re-run inside tmux. */
export async function engineLaunches(projectDir: string): Promise<string[][]> {
  return (await engineCalls(projectDir)).filter((argv) => !argv.includes('--foreground'));
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface CliOptions {
  cwd?: string;
  /** Answers to type at the y/N prompts; present = a terminal. */
  answers?: string[];
  env?: NodeJS.ProcessEnv;
}

/** `loopwatch ARGS` in this process, in the sandbox's environment. */
export async function cli(
  sandbox: Sandbox,
  args: string[],
  options: CliOptions = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const answers = options.answers ? [...options.answers] : null;
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: options.env ?? sandbox.env,
    untilInterrupted: () => Promise.resolve(),
    cwd: options.cwd ?? sandbox.root,
    ...(answers
      ? {
          interactive: true,
          ask: (question: string) => {
            err.push(question);
            return Promise.resolve(answers.shift() ?? '');
          },
        }
      : {}),
  };
  const code = await runCli(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

/** Any process with this pid, zombies included (what `kill -0` in a shell sees). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Crash a fake run: SIGKILL its engine (the lock holder) and wait until the
 * process and its tmux session are gone, leaving the lock and a "running"
 * state behind, as a real crash does.
 */
export async function crashRun(
  sandbox: Sandbox,
  projectDir: string,
  name: string,
): Promise<number> {
  const lock = await runLock(projectDir, name);
  process.kill(lock.pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const sessions = await sandbox.tmux(['list-sessions', '-F', '#{session_name}']).catch(() => '');
    // Gone means reaped, not just dead: the engine's own `kill -0` sees a zombie as alive.
    const gone = !processExists(lock.pid) && !sessions.split('\n').includes(`pipeline-${name}`);
    if (gone) return lock.pid;
    if (!pidAlive(lock.pid)) await nudgeTmuxServer(sandbox).catch(() => undefined);
    if (Date.now() > deadline) throw new Error(`run ${name} did not go away after SIGKILL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The run's lock as its live engine wrote it (waits until one holds it).
 * Pids wrap quickly on a busy machine (pid_max is often 32768), so "alive"
 * is not enough: the process must have started before the lock was written
 * and be the fake engine of that run, or a test could signal a stranger.
 */
export async function runLock(
  projectDir: string,
  name: string,
): Promise<{ session: string; pid: number; started_at: string }> {
  const path = join(projectDir, '.claude', 'locks', `${name}.lock`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    try {
      const lock = JSON.parse(text) as { session: string; pid: number; started_at: string };
      const holder = await assessHolder(
        { session: lock.session, pid: lock.pid, startedAt: lock.started_at },
        null,
      );
      const argv = holder.alive ? await processArgs(lock.pid) : null;
      if (argv?.some((a) => a.endsWith('scripts/run.sh')) && argv.includes(name)) return lock;
    } catch {
      /* not written yet */
    }
    if (Date.now() > deadline) throw new Error(`no live engine holds ${path}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Debian's tmux is built with libutempter, whose own SIGCHLD handler can
 * swallow the signal of a pane process that exits while tmux updates utmp
 * (tmux/tmux#311): the pane is dead, its exit status never read, the
 * process a zombie. Another SIGCHLD makes tmux reap it; tests that wait
 * for an exit status send one.
 */
export async function nudgeTmuxServer(sandbox: Sandbox, socketName = 'default'): Promise<void> {
  const pid = Number((await sandbox.tmux(['display-message', '-p', '#{pid}'], socketName)).trim());
  if (pid > 0) process.kill(pid, 'SIGCHLD');
}

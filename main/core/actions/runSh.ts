/**
 * The agent pipeline engine's entry point, `./scripts/run.sh`, run from the
 * project directory exactly as the seeds do (`./scripts/run.sh ralph auth
 * 25 --provider=codex`). run.sh creates the `pipeline-NAME` tmux session
 * itself and returns; Loopwatch waits for it, keeps the tail of what it
 * printed, and never goes through a shell.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Env } from '../paths';

export const RUN_SH = join('scripts', 'run.sh');
/** What the seeds type; `spawn` runs it relative to the project directory (cwd). */
export const RUN_SH_COMMAND = './scripts/run.sh';
/**
 * run.sh only checks its inputs and sets up a tmux session; longer than this
 * means it is stuck or runs in the foreground. Below the dashboard's 30 s
 * request timeout, so the page hears the answer.
 */
export const RUN_SH_TIMEOUT_MS = 20_000;
/** Keep this much of run.sh's output to show the user (it prints a few lines). */
const OUTPUT_TAIL_BYTES = 8 * 1024;

/** run.sh's arguments for a start spec (positional form, then flags), without --resume/--force. */
export interface RunShArgsInput {
  form: 'stage' | 'pipeline';
  type?: string;
  loop?: boolean;
  file?: string;
  name: string;
  max?: number;
  runs?: number | null;
  provider: string | null;
  model: string | null;
  context: string | null;
  inputs: readonly string[];
}

export function runShArgs(spec: RunShArgsInput): string[] {
  const args =
    spec.form === 'pipeline'
      ? ['pipeline', spec.file ?? '', spec.name, ...(spec.runs != null ? [String(spec.runs)] : [])]
      : [...(spec.loop ? ['loop'] : []), spec.type ?? '', spec.name, String(spec.max ?? '')];
  if (spec.provider) args.push(`--provider=${spec.provider}`);
  if (spec.model) args.push(`--model=${spec.model}`);
  if (spec.context) args.push(`--context=${spec.context}`);
  for (const input of spec.inputs) args.push('--input', input);
  return args;
}

/** Why run.sh cannot be run in `projectDir`, or null. */
export async function runShProblem(projectDir: string): Promise<string | null> {
  const dir = await stat(projectDir).catch(() => null);
  if (!dir) return `the project directory ${projectDir} does not exist`;
  if (!dir.isDirectory()) return `${projectDir} is not a directory`;
  const script = join(projectDir, RUN_SH);
  const file = await stat(script).catch(() => null);
  if (!file?.isFile()) {
    return (
      `${projectDir} has no ${RUN_SH}: Loopwatch starts pipeline runs with the project's own ` +
      `engine script. Pick the project folder that has ${RUN_SH}, or start any command instead ` +
      `(loopwatch start --name NAME --dir DIR -- COMMAND)`
    );
  }
  try {
    await access(script, constants.X_OK);
  } catch {
    return `${script} is not executable: run chmod +x ${RUN_SH} in ${projectDir}`;
  }
  return null;
}

/** A relative path as run.sh will resolve it: from the project directory. */
export function fromProject(projectDir: string, path: string): string {
  return isAbsolute(path) ? path : join(projectDir, path);
}

export interface RunShOutcome {
  /** Exit status; null when killed by a signal or still running at the timeout. */
  code: number | null;
  timedOut: boolean;
  output: string;
}

/** Run `./scripts/run.sh ARGS` in `projectDir` and wait for it to return. */
export function runRunSh(
  projectDir: string,
  args: readonly string[],
  env: Env,
  timeoutMs = RUN_SH_TIMEOUT_MS,
): Promise<RunShOutcome> {
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    const child = spawn(RUN_SH_COMMAND, [...args], {
      cwd: projectDir,
      env: env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let settled = false;
    const finish = (outcome: RunShOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      // Leave it running (it may be the run itself, in the foreground); stop listening.
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      finish({ code: null, timedOut: true, output });
    }, timeoutMs);
    child.on('error', (error) => {
      finish({ code: null, timedOut: false, output: `${output}${error.message}\n` });
    });
    // 'exit', not 'close': the tmux server it starts may hold the pipes open.
    child.on('exit', (code) => {
      setImmediate(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ code, timedOut: false, output });
      });
    });
  });
}

/** Why a run.sh invocation did not succeed, in words (null when it did). */
export function runShFailure(outcome: RunShOutcome): string | null {
  if (outcome.code === 0) return null;
  if (outcome.timedOut) {
    return `run.sh did not return within ${RUN_SH_TIMEOUT_MS / 1000} s (left running)`;
  }
  return `run.sh exited with status ${outcome.code ?? 'unknown (killed by a signal)'}`;
}

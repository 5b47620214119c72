/**
 * Where an agent pipeline run keeps its files (FIELD.md section 1), for a
 * project directory and a run NAME.
 */
import { join } from 'node:path';

export interface PipelinePaths {
  lock: string;
  runDir: string;
  state: string;
  events: string;
  progress: string;
}

/** Run names as the seeds define them: lowercase letters, digits, hyphens. */
export const RUN_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export function locksDir(projectDir: string): string {
  return join(projectDir, '.claude', 'locks');
}

export function runsDir(projectDir: string): string {
  return join(projectDir, '.claude', 'pipeline-runs');
}

export function completionsLog(projectDir: string): string {
  return join(projectDir, '.claude', 'loop-completions.json');
}

export function pipelinePaths(projectDir: string, run: string): PipelinePaths {
  const runDir = join(runsDir(projectDir), run);
  return {
    lock: join(locksDir(projectDir), `${run}.lock`),
    runDir,
    state: join(runDir, 'state.json'),
    events: join(runDir, 'events.jsonl'),
    progress: join(runDir, `progress-${run}.md`),
  };
}

/**
 * The run NAME of a lock file name, or null for what is not a session lock
 * (helper locks `*.lock.lock` and anything else).
 */
export function runNameFromLockFile(fileName: string): string | null {
  if (!fileName.endsWith('.lock') || fileName.endsWith('.lock.lock')) return null;
  const name = fileName.slice(0, -'.lock'.length);
  return name.length > 0 ? name : null;
}

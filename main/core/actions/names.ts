/**
 * The names a run or a new session may take, as the seeds define them
 * (lowercase letters, digits, hyphens), and the tmux session names an
 * agent pipeline run owns (FIELD.md: `pipeline-NAME`, older `loop-NAME`,
 * the Go successor's `ap-NAME`).
 */
import { RUN_NAME_PATTERN } from '../sources/pipeline/paths';

/** tmux session names longer than this are unwieldy everywhere; the seeds use short names. */
export const MAX_NAME_LENGTH = 64;

/** Why `name` cannot name a new run or session, or null when it can. */
export function nameProblem(name: string, what = 'name'): string | null {
  if (name === '') return `a ${what} is needed`;
  if (name.length > MAX_NAME_LENGTH) {
    return `the ${what} is longer than ${MAX_NAME_LENGTH} characters`;
  }
  if (!RUN_NAME_PATTERN.test(name)) {
    return `${JSON.stringify(name)} is not a valid ${what}: use lowercase letters, digits and hyphens, starting with a letter or digit (e.g. billing-refactor)`;
  }
  return null;
}

/** The session run.sh creates for run NAME (the current engine's prefix). */
export function pipelineSessionName(run: string): string {
  return `pipeline-${run}`;
}

/** Every tmux session name that belongs to run NAME, whichever engine version made it. */
export function runSessionNames(run: string): string[] {
  return [`pipeline-${run}`, `loop-${run}`, `ap-${run}`];
}

/**
 * A pipeline project on disk exactly as the agent pipelines write it
 * (FIELD.md section 1): `.claude/locks/NAME.lock`,
 * `.claude/pipeline-runs/NAME/{state.json,events.jsonl,progress-NAME.md}`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PipelineFixture {
  projectDir: string;
  run: string;
  lock: string;
  runDir: string;
  state: string;
  events: string;
  progress: string;
}

export interface PipelineFixtureOptions {
  /** `{session, pid, started_at}`; null writes no lock. */
  lock?: { pid: number; started_at?: string } | null;
  /** state.json content (merged over a running loop at iteration 1). */
  state?: Record<string, unknown> | null;
  events?: readonly Record<string, unknown>[];
  progress?: string;
}

export async function createPipelineProject(
  projectDir: string,
  run: string,
  options: PipelineFixtureOptions = {},
): Promise<PipelineFixture> {
  const lockDir = join(projectDir, '.claude', 'locks');
  const runDir = join(projectDir, '.claude', 'pipeline-runs', run);
  await mkdir(lockDir, { recursive: true });
  await mkdir(runDir, { recursive: true });
  const fixture: PipelineFixture = {
    projectDir,
    run,
    lock: join(lockDir, `${run}.lock`),
    runDir,
    state: join(runDir, 'state.json'),
    events: join(runDir, 'events.jsonl'),
    progress: join(runDir, `progress-${run}.md`),
  };
  if (options.lock) {
    await writeFile(
      fixture.lock,
      JSON.stringify({
        session: run,
        pid: options.lock.pid,
        started_at: options.lock.started_at ?? '2026-01-02T03:04:05Z',
      }),
    );
  }
  if (options.state !== null) {
    const state = {
      session: run,
      type: 'loop',
      started_at: '2026-01-02T03:04:05Z',
      status: 'running',
      current_stage: 0,
      iteration: 1,
      iteration_completed: 0,
      iteration_started: '2026-01-02T03:04:06Z',
      stages: [{ index: 0, name: 'ralph', status: 'running', timestamp: '2026-01-02T03:04:06Z' }],
      history: [],
      event_offset: 0,
      ...options.state,
    };
    // The engine writes state.json with write-temp-then-rename; a fixture can write it whole.
    await writeFile(fixture.state, JSON.stringify(state, null, 2));
  }
  if (options.events) {
    await writeFile(fixture.events, options.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
  if (options.progress !== undefined) await writeFile(fixture.progress, options.progress);
  return fixture;
}

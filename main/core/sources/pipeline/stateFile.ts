/**
 * `.claude/pipeline-runs/NAME/state.json`, normalized. Written by the engine
 * with write-temp-then-rename; readers see either the old or the new file.
 * Both "complete" and "completed" mean finished (FIELD.md: some readers
 * expect one, some the other). Unknown fields are ignored, missing ones are
 * null, and a malformed file gives an error, never an exception.
 */
import { z } from 'zod';
import { parseJson } from '../../files/readBounded';
import { LOCAL_MACHINE, type FileReads } from '../../machine/machine';

/**
 * Stages kept from one state.json: real pipelines have a handful; a file
 * listing millions cost gigabytes to validate and print. The rest are
 * counted in `stagesOmitted` and said so.
 */
export const MAX_STAGES = 1_000;

export type RunOutcome = 'running' | 'complete' | 'failed' | 'unknown';

export interface PipelineStage {
  index: number;
  name: string;
  status: string;
}

export interface PipelineState {
  session: string | null;
  type: string | null;
  /** `status` as written. */
  status: string | null;
  /** `status` normalized: "completed" and "complete" are both "complete". */
  outcome: RunOutcome;
  startedAt: string | null;
  currentStage: number | null;
  stageName: string | null;
  stages: PipelineStage[];
  /** Stages past MAX_STAGES, not kept. */
  stagesOmitted: number;
  iteration: number | null;
  iterationCompleted: number | null;
  /** Null between iterations. */
  iterationStarted: string | null;
  maxIterations: number | null;
  completedAt: string | null;
  completionReason: string | null;
  failedAt: string | null;
  error: { type: string | null; message: string | null; timestamp: string | null } | null;
  resumeFrom: unknown;
  resumedAt: string | null;
}

const str = z.string().nullish().catch(null);
const int = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => {
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) ? n : null;
  })
  .catch(null);

const StageJson = z
  .object({ index: int, name: str, status: str })

  .catch({ index: null, name: null, status: null });

const StateJson = z.object({
  session: str,
  type: str,
  status: str,
  started_at: str,
  current_stage: int,
  iteration: int,
  iteration_completed: int,
  iteration_started: str,
  max_iterations: int,
  completed_at: str,
  completion_reason: str,
  failed_at: str,
  error: z
    .union([z.object({ type: str, message: str, timestamp: str }), z.string()])
    .nullish()
    .catch(null),
  stages: z.array(StageJson).nullish().catch(null),
  resume_from: z.unknown().optional(),
  resumed_at: str,
});

function outcomeOf(status: string | null): RunOutcome {
  switch (status) {
    case 'running':
      return 'running';
    case 'complete':
    case 'completed':
      return 'complete';
    case 'failed':
      return 'failed';
    default:
      return 'unknown';
  }
}

export type StateParse = { ok: true; state: PipelineState } | { ok: false; error: string };

export function parseState(text: string, what = 'state.json'): StateParse {
  const json = parseJson(text, what);
  if (!json.ok) return json;
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { ok: false, error: `${what} is not a JSON object` };
  }
  // Cut before validating: validation is what costs (a schema pass per stage).
  const record = json.value as Record<string, unknown>;
  const allStages = record.stages;
  const stagesOmitted =
    Array.isArray(allStages) && allStages.length > MAX_STAGES ? allStages.length - MAX_STAGES : 0;
  const parsed = StateJson.safeParse(
    stagesOmitted > 0 && Array.isArray(allStages)
      ? { ...record, stages: allStages.slice(0, MAX_STAGES) }
      : record,
  );
  if (!parsed.success) return { ok: false, error: `${what} does not look like a pipeline state` };
  const s = parsed.data;
  const stages: PipelineStage[] = (s.stages ?? []).map((stage, i) => ({
    index: stage.index ?? i,
    name: stage.name ?? `stage ${i}`,
    status: stage.status ?? 'unknown',
  }));
  const currentStage = s.current_stage ?? null;
  const error =
    typeof s.error === 'string'
      ? { type: null, message: s.error, timestamp: null }
      : s.error
        ? {
            type: s.error.type ?? null,
            message: s.error.message ?? null,
            timestamp: s.error.timestamp ?? null,
          }
        : null;
  return {
    ok: true,
    state: {
      session: s.session ?? null,
      type: s.type ?? null,
      status: s.status ?? null,
      outcome: outcomeOf(s.status ?? null),
      startedAt: s.started_at ?? null,
      currentStage,
      stageName: stages.find((stage) => stage.index === currentStage)?.name ?? null,
      stages,
      stagesOmitted,
      iteration: s.iteration ?? null,
      iterationCompleted: s.iteration_completed ?? null,
      iterationStarted: s.iteration_started ?? null,
      maxIterations: s.max_iterations ?? null,
      completedAt: s.completed_at ?? null,
      completionReason: s.completion_reason ?? null,
      failedAt: s.failed_at ?? null,
      error,
      resumeFrom: s.resume_from ?? null,
      resumedAt: s.resumed_at ?? null,
    },
  };
}

export type StateRead =
  | { state: 'absent' }
  | { state: 'ok'; value: PipelineState; mtimeMs: number }
  | { state: 'error'; error: string };

export async function readState(
  path: string,
  files: FileReads = LOCAL_MACHINE.files,
): Promise<StateRead> {
  const read = await files.readTextFile(path);
  if (!read.ok) return read.missing ? { state: 'absent' } : { state: 'error', error: read.error };
  const parsed = parseState(read.text, path);
  return parsed.ok
    ? { state: 'ok', value: parsed.state, mtimeMs: read.mtimeMs }
    : { state: 'error', error: parsed.error };
}

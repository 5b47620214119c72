/**
 * Parallel blocks of a pipeline run: `NAME/parallel-XX-BLOCK/` with
 * `resume.json` (`{provider: {stage_index, iteration, status}}`) and
 * `providers/PROVIDER/state.json`. Each provider's own state wins over the
 * resume hints; a block or provider that cannot be read is skipped.
 */
import { join } from 'node:path';
import type { PipelineProvider } from '../../../../preload/contract';
import { parseJson } from '../../files/readBounded';
import { LOCAL_MACHINE, type FileReads } from '../../machine/machine';
import { readState } from './stateFile';

export const PARALLEL_DIR = /^parallel-\d+-.+$/;

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** `resume.json` hints by provider; malformed entries are skipped. */
interface ResumeHint {
  stageIndex: number | null;
  iteration: number | null;
  status: string | null;
}

export function parseResume(text: string): Map<string, ResumeHint> {
  const hints = new Map<string, ResumeHint>();
  const json = parseJson(text, 'resume.json');
  if (
    !json.ok ||
    typeof json.value !== 'object' ||
    json.value === null ||
    Array.isArray(json.value)
  )
    return hints;
  for (const [provider, raw] of Object.entries(json.value as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue;
    const hint = raw as Record<string, unknown>;
    hints.set(provider, {
      stageIndex: integer(hint.stage_index),
      iteration: integer(hint.iteration),
      status: typeof hint.status === 'string' ? hint.status : null,
    });
  }
  return hints;
}

export async function readProviders(
  runDir: string,
  files: FileReads = LOCAL_MACHINE.files,
): Promise<PipelineProvider[]> {
  const providers: PipelineProvider[] = [];
  for (const block of (await files.subdirs(runDir)).filter((n) => PARALLEL_DIR.test(n))) {
    const blockDir = join(runDir, block);
    const resume = await files.readTextFile(join(blockDir, 'resume.json'));
    const hints = resume.ok ? parseResume(resume.text) : new Map<string, ResumeHint>();
    const names = new Set([...(await files.subdirs(join(blockDir, 'providers'))), ...hints.keys()]);
    for (const provider of [...names].sort()) {
      const hint = hints.get(provider);
      const state = await readState(join(blockDir, 'providers', provider, 'state.json'), files);
      const own = state.state === 'ok' ? state.value : null;
      providers.push({
        block,
        provider,
        status: own?.status ?? hint?.status ?? null,
        iteration: own?.iteration ?? hint?.iteration ?? null,
        stageIndex: own?.currentStage ?? hint?.stageIndex ?? null,
      });
    }
  }
  return providers;
}

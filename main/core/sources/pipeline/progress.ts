/**
 * `.claude/pipeline-runs/NAME/progress-NAME.md`: markdown the agents append
 * to. What a glance needs: when it last changed and its last line.
 */
import type { z } from 'zod';
import type { PipelineProgressSchema } from '../../../../preload/contract';
import { LOCAL_MACHINE, type FileReads } from '../../machine/machine';

/** The last line of a markdown file fits in this much of its end. */
const PROGRESS_TAIL_BYTES = 4 * 1024;
/** Longest last line kept (a paragraph can be long). */
const MAX_LINE_CHARS = 200;

export type PipelineProgress = z.infer<typeof PipelineProgressSchema>;

export function lastMeaningfulLine(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trim());
  const line = lines.findLast((l) => l !== '' && !/^[-*_=]{3,}$/.test(l));
  if (line === undefined) return null;
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
}

/**
 * `progress` null when the file does not exist (most runs have one, early
 * ones not yet) or cannot be read; `error` says why it cannot.
 */
export async function readProgress(
  path: string,
  files: FileReads = LOCAL_MACHINE.files,
): Promise<{ progress: PipelineProgress | null; error: string | null }> {
  const read = await files.readTail(path, PROGRESS_TAIL_BYTES);
  if (!read.ok) return { progress: null, error: read.missing ? null : read.error };
  const binary = read.text.includes('\0');
  return {
    progress: {
      path,
      updatedAt: new Date(read.mtimeMs).toISOString(),
      lastLine: binary ? null : lastMeaningfulLine(read.text),
    },
    error: binary ? `${path} holds binary data, not text` : null,
  };
}

/**
 * `.claude/pipeline-runs/NAME/events.jsonl`: one JSON object a line (types
 * `start`, `progress`, `stop`, `decision`, `judge_complete`,
 * `parallel_provider_complete`, ...). Only its tail is read: the last event
 * is what a person wants to see, and the file only grows.
 */
import { jsonLineObject } from '../../files/jsonLines';
import { LOCAL_MACHINE, type FileReads } from '../../machine/machine';

/** Tail read of an events file: the last event is always in the last 64 KiB. */
export const EVENTS_TAIL_BYTES = 64 * 1024;

export interface PipelineEvent {
  type: string;
  at: string | null;
}

/** The last well-formed event of a JSONL text (malformed lines are skipped). */
export function lastEvent(text: string): PipelineEvent | null {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const record = jsonLineObject(lines[i]!);
    if (!record) continue;
    const type = record.type ?? record.event;
    if (typeof type !== 'string' || type === '') continue;
    const at = [record.timestamp, record.ts, record.at, record.time].find(
      (v): v is string => typeof v === 'string',
    );
    return { type, at: at ?? null };
  }
  return null;
}

export type EventsRead =
  { ok: true; last: PipelineEvent | null } | { ok: false; error: string; missing: boolean };

export async function readLastEvent(
  path: string,
  files: FileReads = LOCAL_MACHINE.files,
): Promise<EventsRead> {
  const read = await files.readTail(path, EVENTS_TAIL_BYTES);
  if (!read.ok) return { ok: false, error: read.error, missing: read.missing };
  if (read.text.includes('\0'))
    return { ok: false, error: `${path} holds binary data, not text`, missing: false };
  return { ok: true, last: lastEvent(read.text) };
}

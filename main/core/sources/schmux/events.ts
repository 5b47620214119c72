/**
 * schmux agent signals: JSON lines appended to
 * `WORKSPACE/.schmux/events/ID.jsonl`, e.g.
 * `{"ts":"...","type":"status","state":"needs_input","message":"..."}`.
 * States: working, needs_input, needs_testing, completed, error.
 *
 * schmux's rule (FIELD.md section 3): a blocking or terminal state is not
 * overwritten by a lower one, except that `working` always wins (it clears
 * the attention state). Order, lowest first: working, completed,
 * needs_testing, needs_input, error (an error needs a person most).
 */
import { jsonLineObjects } from '../../files/jsonLines';
import { LOCAL_MACHINE, type Machine } from '../../machine/machine';

/** The tail read: since `working` resets the rule, the last 256 KiB decide. */
export const SCHMUX_EVENTS_TAIL_BYTES = 256 * 1024;

export const SCHMUX_STATES = [
  'working',
  'completed',
  'needs_testing',
  'needs_input',
  'error',
] as const;
export type SchmuxAgentStateName = (typeof SCHMUX_STATES)[number];

const LEVEL: Readonly<Record<SchmuxAgentStateName, number>> = {
  working: 0,
  completed: 1,
  needs_testing: 2,
  needs_input: 3,
  error: 4,
};

export interface SchmuxAgentState {
  state: SchmuxAgentStateName;
  message: string | null;
  /** The event's `ts`, as written. */
  ts: string | null;
}

function isState(value: unknown): value is SchmuxAgentStateName {
  return typeof value === 'string' && (SCHMUX_STATES as readonly string[]).includes(value);
}

/** Apply schmux's rule to every status event of a JSONL text; malformed lines are skipped. */
export function agentStateFromEvents(text: string): SchmuxAgentState | null {
  let current: SchmuxAgentState | null = null;
  for (const event of jsonLineObjects(text)) {
    if (event.type !== undefined && event.type !== 'status') continue;
    if (!isState(event.state)) continue;
    const next: SchmuxAgentState = {
      state: event.state,
      message: typeof event.message === 'string' && event.message !== '' ? event.message : null,
      ts: typeof event.ts === 'string' ? event.ts : null,
    };
    if (next.state === 'working' || current === null || LEVEL[next.state] >= LEVEL[current.state]) {
      current = next;
    }
  }
  return current;
}

export type SchmuxEventsRead =
  | { ok: true; value: SchmuxAgentState | null; mtimeMs: number }
  | { ok: false; missing: boolean; error: string };

/** The agent state from an events file on `machine` (this one, or a host: the same tail and rule). */
export async function readAgentState(
  path: string,
  machine: Machine = LOCAL_MACHINE,
): Promise<SchmuxEventsRead> {
  const read = await machine.files.readTail(path, SCHMUX_EVENTS_TAIL_BYTES);
  if (!read.ok) return read;
  if (read.text.includes('\0'))
    return { ok: false, missing: false, error: `${path} holds binary data, not text` };
  return { ok: true, value: agentStateFromEvents(read.text), mtimeMs: read.mtimeMs };
}

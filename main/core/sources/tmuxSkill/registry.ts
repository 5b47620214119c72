/**
 * The tmux skill's session registry (FIELD.md section 2):
 * `{"version": "1.0", "sessions": {NAME: {socket, target, type, created_at, last_active, pid?}}}`,
 * at `SOCKET_DIR/.sessions.json` (what its code writes) or
 * `~/.local/state/claude-tmux/.sessions.json` (what its docs say). Reading
 * never throws; a malformed entry is reported, the others still count.
 */
import { z } from 'zod';
import { parseJson } from '../../files/readBounded';
import { LOCAL_MACHINE, type Machine } from '../../machine/machine';

export interface RegistryEntry {
  name: string;
  socket: string;
  /** tmux target, e.g. "NAME:0.0". */
  target: string | null;
  type: string | null;
  createdAt: string | null;
  lastActive: string | null;
  pid: number | null;
}

export interface Registry {
  version: string | null;
  entries: RegistryEntry[];
  /** Entries that could not be read, with why. */
  problems: { name: string; error: string }[];
}

const optionalString = z.string().nullish().catch(null);

const EntryJson = z.object({
  socket: z.string().min(1),
  target: optionalString,
  type: optionalString,
  created_at: optionalString,
  last_active: optionalString,
  pid: z.number().int().positive().nullish().catch(null),
});

export type RegistryParse = { ok: true; registry: Registry } | { ok: false; error: string };

export function parseRegistry(text: string, what = '.sessions.json'): RegistryParse {
  const json = parseJson(text, what);
  if (!json.ok) return json;
  const root = json.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return { ok: false, error: `${what} is not a JSON object` };
  }
  const { version, sessions } = root as { version?: unknown; sessions?: unknown };
  if (typeof sessions !== 'object' || sessions === null || Array.isArray(sessions)) {
    return { ok: false, error: `${what} has no "sessions" object` };
  }
  const registry: Registry = {
    version: typeof version === 'string' ? version : null,
    entries: [],
    problems: [],
  };
  for (const [name, value] of Object.entries(sessions as Record<string, unknown>)) {
    const entry = EntryJson.safeParse(value);
    if (!entry.success) {
      registry.problems.push({
        name,
        error: `registry entry ${JSON.stringify(name)} has no socket`,
      });
      continue;
    }
    registry.entries.push({
      name,
      socket: entry.data.socket,
      target: entry.data.target ?? null,
      type: entry.data.type ?? null,
      createdAt: entry.data.created_at ?? null,
      lastActive: entry.data.last_active ?? null,
      pid: entry.data.pid ?? null,
    });
  }
  return { ok: true, registry };
}

export type RegistryRead =
  | { state: 'absent' }
  | { state: 'ok'; registry: Registry; mtimeMs: number }
  | { state: 'error'; error: string };

/** Read and parse a registry on `machine` (this one, or a host: the same caps and parse). */
export async function readRegistry(
  path: string,
  machine: Machine = LOCAL_MACHINE,
): Promise<RegistryRead> {
  const read = await machine.files.readTextFile(path);
  if (!read.ok) return read.missing ? { state: 'absent' } : { state: 'error', error: read.error };
  const parsed = parseRegistry(read.text, path);
  return parsed.ok
    ? { state: 'ok', registry: parsed.registry, mtimeMs: read.mtimeMs }
    : { state: 'error', error: parsed.error };
}

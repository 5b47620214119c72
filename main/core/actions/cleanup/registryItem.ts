/**
 * One cleanup item for a tmux-skill registry entry that is not healthy
 * (dead, missing, zombie, server down), on this machine or on a host: what
 * the plan shows and the facts applying compares with.
 */
import type { RegistryEntry } from '../../sources/tmuxSkill/registry';
import { plannedItem, type PlannedItem } from './items';
import type { HealthVerdict } from './registryHealth';

export function registryEntryItem(
  registry: string,
  entry: RegistryEntry,
  /** The entry as the file has it (compared, as JSON, right before removing it). */
  raw: unknown,
  verdict: HealthVerdict,
  now: number,
  /** A remote host's registry (issue 17); null: this machine's. */
  host: string | null,
): PlannedItem {
  const since = Date.parse(entry.lastActive ?? entry.createdAt ?? '');
  const where = host ? `${registry} on host ${host}` : registry;
  return plannedItem(
    {
      kind: 'registryEntry',
      ...(host ? { host } : {}),
      registry,
      name: entry.name,
      entryJson: JSON.stringify(raw),
      health: verdict.health,
    },
    {
      title: `tmux skill entry ${entry.name} (${verdict.health})${host ? ` on host ${host}` : ''}`,
      evidence: [
        `${where} lists ${entry.name} on ${entry.socket}, target ${entry.target ?? '?'}`,
        verdict.detail,
        `last active ${entry.lastActive ?? entry.createdAt ?? 'unknown'}`,
      ],
      fix: `remove the entry from ${where} (after a backup, holding the registry's writer lock)`,
      ageMs: Number.isFinite(since) ? now - since : null,
      recommended: true,
    },
  );
}

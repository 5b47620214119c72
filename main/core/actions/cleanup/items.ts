/**
 * A cleanup plan as Loopwatch keeps it: the items the user sees (contract
 * CleanupItem) and, for each, the facts it was judged on, which applying
 * compares with the facts found right before acting.
 */
import { createHash } from 'node:crypto';
import type { CleanupItem, CleanupKind, CleanupPlan } from '../../../../preload/contract';
import type { Health } from './registryHealth';

export type ItemCheck =
  | {
      kind: 'staleLock';
      projectDir: string;
      name: string;
      lockPath: string;
      /** The lock file's exact text when judged stale. */
      text: string;
    }
  | {
      kind: 'orphanSession';
      socket: string;
      sessionName: string;
      tmuxId: string;
      projectDir: string;
      run: string;
    }
  | { kind: 'zombieState'; projectDir: string; name: string; statePath: string; text: string }
  | {
      kind: 'deadPane';
      /** A remote host's pane (issue 17): re-checked and killed there over ssh. Absent: this machine. */
      host?: string | undefined;
      socket: string;
      sessionName: string;
      tmuxId: string;
      paneId: string;
      deadAt: number | null;
    }
  | {
      kind: 'registryEntry';
      /** A remote host's registry (issue 17): re-read and rewritten there over ssh. Absent: this machine. */
      host?: string | undefined;
      registry: string;
      name: string;
      /** The entry's JSON when judged. */
      entryJson: string;
      health: Health;
    };

export interface PlannedCleanup {
  plan: CleanupPlan;
  checks: ReadonlyMap<string, ItemCheck>;
}

const SLUGS: Readonly<Record<CleanupKind, string>> = {
  staleLock: 'stale-lock',
  orphanSession: 'orphan-session',
  zombieState: 'zombie-state',
  deadPane: 'dead-pane',
  registryEntry: 'registry-entry',
};

/** What makes an item the same problem from one plan to the next. */
function identity(check: ItemCheck): string[] {
  switch (check.kind) {
    case 'staleLock':
      return [check.lockPath];
    case 'zombieState':
      return [check.statePath];
    case 'orphanSession':
      return [check.socket, check.sessionName];
    case 'deadPane':
      // A host's pane: its host first (a local pane keeps the id it always had).
      return [...(check.host ? [check.host] : []), check.socket, check.sessionName, check.paneId];
    case 'registryEntry':
      return [...(check.host ? [check.host] : []), check.registry, check.name];
  }
}

/** A stable id: `stale-lock-3f9a2c1b0d` (kind + hash of what it is about). */
export function itemId(check: ItemCheck): string {
  const hash = createHash('sha256').update(identity(check).join('\0')).digest('hex').slice(0, 10);
  return `${SLUGS[check.kind]}-${hash}`;
}

export type PlannedItem = CleanupItem & { check: ItemCheck };

export function plannedItem(check: ItemCheck, item: Omit<CleanupItem, 'id' | 'kind'>): PlannedItem {
  const session =
    check.kind === 'orphanSession'
      ? { socket: check.socket, name: check.sessionName }
      : check.kind === 'deadPane'
        ? {
            socket: check.socket,
            name: check.sessionName,
            ...(check.host ? { host: check.host } : {}),
          }
        : null;
  return { id: itemId(check), kind: check.kind, ...item, session, check };
}

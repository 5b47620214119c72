/**
 * Which agent runs in each pane, kept per pane and refreshed only when the
 * pane's process, foreground command or hint option changes (reading /proc
 * costs a few file reads per process; a pane's agent rarely changes).
 */
import type { PaneFacts } from '../tmux/formats';
import type { RuleSet } from '../status/rules/ruleSet';
import { identifyAgent, type Identity, type ProcessInfo } from './identify';
import { paneProcesses } from './paneProcesses';

export type ReadProcesses = (panePid: number, fresh: boolean) => Promise<ProcessInfo[]>;

/**
 * A pane where no agent was found is looked at again after this long: the
 * agent may have been started just after the read (a shell forks it a moment
 * after tmux reports the new command).
 */
export const REIDENTIFY_MS = 5_000;

interface Entry {
  key: string;
  processes: ProcessInfo[];
  readAt: number;
}

function cacheKey(pane: PaneFacts): string {
  return `${pane.pid ?? ''}\u0000${pane.currentCommand}`;
}

export class PaneAgents {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rules: RuleSet,
    private readonly read: ReadProcesses = paneProcesses,
  ) {}

  /** The pane's agent (reads /proc when the pane's processes may have changed). */
  async identify(socket: string, pane: PaneFacts): Promise<Identity> {
    const id = `${socket}\u0000${pane.id}`;
    const key = cacheKey(pane);
    const now = Date.now();
    let entry = this.entries.get(id);
    if (entry?.key === key) {
      const identity = this.decide(entry.processes, pane);
      if (identity.agent !== null || now - entry.readAt < REIDENTIFY_MS) return identity;
    }
    // A pane seen before whose program changed: scan /proc now, not from a shared scan made
    // earlier. A pane looked at again with the same program (no agent found yet) shares the
    // scan of the last second: a scan per pane read all of /proc for each of 200 shells.
    const fresh = entry !== undefined && entry.key !== key;
    const processes = pane.pid === null ? [] : await this.read(pane.pid, fresh).catch(() => []);
    entry = { key, processes, readAt: now };
    this.entries.set(id, entry);
    return this.decide(entry.processes, pane);
  }

  /** When the pane's processes were last read from /proc (null: never). */
  readAt(socket: string, pane: PaneFacts): number | null {
    return this.entries.get(`${socket}\u0000${pane.id}`)?.readAt ?? null;
  }

  /** The last known agent without reading anything (null when never identified). */
  known(socket: string, pane: PaneFacts): Identity | null {
    const entry = this.entries.get(`${socket}\u0000${pane.id}`);
    return entry ? this.decide(entry.processes, pane) : null;
  }

  private decide(processes: readonly ProcessInfo[], pane: PaneFacts): Identity {
    return identifyAgent(
      {
        processes,
        option: pane.agentOption ?? '',
        title: pane.title,
        currentCommand: pane.currentCommand,
      },
      this.rules.agents(),
    );
  }

  forget(socket: string, alive: ReadonlySet<string>): void {
    const prefix = `${socket}\u0000`;
    for (const id of this.entries.keys()) {
      if (id.startsWith(prefix) && !alive.has(id.slice(prefix.length))) this.entries.delete(id);
    }
  }
}

/**
 * Which agent runs in each pane, kept per pane and refreshed only when the
 * pane's process, foreground command or hint option changes (reading /proc
 * costs a few file reads per process; a pane's agent rarely changes).
 */
import type { PaneFacts } from '../tmux/formats';
import type { RuleSet } from '../status/rules/ruleSet';
import { identifyAgent, type Identity, type ProcessInfo } from './identify';
import { paneProcesses } from './paneProcesses';

export type ReadProcesses = (panePid: number) => Promise<ProcessInfo[]>;

interface Entry {
  key: string;
  processes: ProcessInfo[];
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
    let entry = this.entries.get(id);
    if (!entry || entry.key !== key) {
      const processes = pane.pid === null ? [] : await this.read(pane.pid).catch(() => []);
      entry = { key, processes };
      this.entries.set(id, entry);
    }
    return this.decide(entry.processes, pane);
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

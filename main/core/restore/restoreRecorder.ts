/**
 * Keeps a restore record for every agent session the supervisor sees
 * (agents it names, agent programs in panes, pipeline runs): its windows,
 * their directories and commands (one `list-panes` over the control
 * connection when a session is first seen or its agent id changes), the
 * agent and its session id. A session that ends while its server is still
 * up ended by itself: its record goes. A server that goes away (a reboot,
 * kill-server) leaves its records for `restore`.
 */
import type { Session } from '../../../preload/contract';
import { framedFormat } from '../tmux/framedFormat';
import { exactSession } from '../tmux/quote';
import type { TmuxRunner } from '../tmux/runner';
import type { Env } from '../paths';
import { agentOfCommand, claudeIdFromTranscripts } from './agentIds';
import {
  restoreKey,
  restoreRecordDir,
  type RestoreRecord,
  type RestoreWindow,
} from './restoreRecords';

/** This machine's host name in restore records (a remote session's record names its host). */
export const LOCAL_HOST = 'local';

/** Ids and flags: tmux keeps them to a safe alphabet. */
const WINDOW_FIXED_FIELDS = ['window_index', 'pane_active', 'pane_id'] as const;
/** Free text (a directory, a name, a command line): framed, any byte may be in them. */
const WINDOW_FREE_FIELDS = ['pane_current_path', 'window_name', 'pane_start_command'] as const;

export interface RecorderHost {
  env: Env;
  /** A server's runner; `host`: a remote host's server (issue 17), absent: this machine's. */
  runnerFor(socket: string, host?: string): TmuxRunner | null;
  /** The agent session id a hook reported for one of these panes, if any. */
  hookAgentId(socket: string, paneIds: readonly string[]): string | null;
  serverUp(socket: string, host?: string): boolean;
  /** A record that could not be written or removed (default: dropped silently). */
  report?(message: string): void;
}

/** Where a recorded session is: its record's key, and its host's name when remote. */
interface RecordedAt {
  key: string;
  socket: string;
  host: string | null;
}

function agentOf(session: Session): { agent: string; paneId: string | null } | null {
  for (const pane of session.panes) {
    const agent = agentOfCommand(pane.currentCommand);
    if (agent) return { agent, paneId: pane.id };
  }
  if (session.agent) return { agent: session.agent, paneId: null };
  return null;
}

export class RestoreRecorder {
  private readonly dir;
  /** What was last recorded per session (its key): skip a session whose facts did not change. */
  private readonly recorded = new Map<string, string>();
  /** Remote sessions recorded, by session id: a host's removals carry only the id. */
  private readonly remoteIds = new Map<string, RecordedAt>();
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: RecorderHost) {
    this.dir = restoreRecordDir(host.env);
  }

  /** Sessions the supervisor just built (live, ended rows, anything). */
  observe(sessions: readonly Session[]): void {
    for (const session of sessions) {
      if (!session.socket) continue;
      if (session.ended) {
        this.onEnded(session);
        continue;
      }
      if (!session.live) continue;
      const agent = agentOf(session);
      if (!agent && !session.pipeline) continue;
      const remote = session.host ?? null;
      // Hooks report from this machine's agents only.
      const hookId = remote
        ? null
        : this.host.hookAgentId(
            session.socket,
            session.panes.map((p) => p.id),
          );
      const key = restoreKey({
        host: remote ?? LOCAL_HOST,
        socket: session.socket,
        session: session.name,
      });
      if (remote) this.remoteIds.set(session.id, { key, socket: session.socket, host: remote });
      // Without a hook's id, look at the transcripts again when the status changes (a new
      // Claude session writes its transcript after the first prompt).
      const facts = JSON.stringify([
        session.createdAt,
        agent?.agent,
        hookId,
        session.windows,
        hookId ? '' : session.status,
      ]);
      if (this.recorded.get(key) === facts) continue;
      this.recorded.set(key, facts);
      this.queue(() => this.record(session, agent, hookId));
    }
  }

  /**
   * A remote host's sessions that went away (ids from its delta). While
   * their server still answers they ended by themselves: their records go.
   * A server gone (killed, the host rebooted) leaves them for `restore`.
   */
  removed(ids: readonly string[]): void {
    for (const id of ids) {
      const at = this.remoteIds.get(id);
      if (!at?.host) continue;
      this.remoteIds.delete(id);
      if (!this.host.serverUp(at.socket, at.host)) continue;
      this.recorded.delete(at.key);
      this.queue(() => this.dir.remove(at.key));
    }
  }

  /** Resolves when every record asked for so far is written. */
  settled(): Promise<void> {
    return this.writes.then(() => undefined);
  }

  private onEnded(row: Session): void {
    const socket = row.socket!;
    const key = restoreKey({ host: LOCAL_HOST, socket, session: row.name });
    if (!this.recorded.has(key) || !this.host.serverUp(socket)) return;
    // Its server is still up: the session ended by itself, nothing to bring back.
    this.recorded.delete(key);
    this.queue(() => this.dir.remove(key));
  }

  private queue(job: () => Promise<unknown>): void {
    this.writes = this.writes.then(job).catch((error: unknown) => {
      this.host.report?.(`restore record not saved: ${(error as Error).message}`);
    });
  }

  private async record(
    session: Session,
    agent: { agent: string; paneId: string | null } | null,
    hookId: string | null,
  ): Promise<void> {
    const socket = session.socket!;
    const remote = session.host ?? null;
    const runner = this.host.runnerFor(socket, remote ?? undefined);
    if (!runner) return;
    const query = framedFormat(WINDOW_FIXED_FIELDS, WINDOW_FREE_FIELDS);
    const out = await runner
      .run(['list-panes', '-s', '-t', exactSession(session.name), '-F', query.format])
      .catch(() => null);
    if (out === null) return;
    const windows = new Map<number, RestoreWindow>();
    const agentPane = agent?.paneId ?? session.panes.find((p) => p.active)?.id ?? null;
    for (const { fixed, free } of query.parse(out)) {
      const [index, active, paneId] = fixed;
      const [cwd, name, command] = free;
      const windowIndex = Number(index);
      const isAgent = agent !== null && paneId === agentPane;
      const known = windows.get(windowIndex);
      // Each window is restored as its active pane (or the agent's pane, when it is there).
      if (known && !(active === '1' || isAgent)) continue;
      if (known?.agent) continue;
      windows.set(windowIndex, {
        index: windowIndex,
        name: name ?? '',
        cwd: cwd ?? '',
        command: command ?? '',
        agent: isAgent,
      });
    }
    if (windows.size === 0) return;
    const agentWindow = [...windows.values()].find((w) => w.agent);
    let agentSessionId = hookId;
    let agentIdFrom: RestoreRecord['agentIdFrom'] = hookId ? 'hook' : null;
    // Claude's transcripts are files on the agent's machine: read here for local sessions only.
    if (!agentSessionId && !remote && agent?.agent === 'claude' && agentWindow) {
      agentSessionId = await claudeIdFromTranscripts(this.host.env, agentWindow.cwd);
      agentIdFrom = agentSessionId ? 'transcript' : null;
    }
    const record: RestoreRecord = {
      v: 1,
      host: remote ?? LOCAL_HOST,
      socket,
      session: session.name,
      created: session.createdAt ?? '',
      windows: [...windows.values()].sort((a, b) => a.index - b.index),
      agent: agent?.agent ?? null,
      agentSessionId,
      agentIdFrom,
      pipeline: session.pipeline
        ? { projectDir: session.pipeline.projectDir, runName: session.pipeline.runName }
        : null,
      seenAt: new Date().toISOString(),
    };
    await this.dir.write(record);
  }
}

/**
 * The agent hooks source: listens on Loopwatch's hook socket, finds the
 * pane each event came from, and keeps the latest verdict per pane as an
 * agent-rank signal (the strongest there is). A hook for a pane not seen
 * yet waits for the next polls.
 */
import { agentIdFromHookEvent } from '../../restore/agentIds';
import { resolve } from 'node:path';
import type { PaneSignal } from '../../sessions/buildSession';
import type { PaneFacts } from '../../tmux/formats';
import type { SessionDraft, SourceHost, SupervisorSource } from '../source';
import type { TmuxServers } from '../tmux/tmuxServers';
import { hookVerdict, socketFromTmuxEnv, type HookMessage } from './hookEvent';
import { HookServer } from './hookServer';

/** A hook naming a pane not seen yet is retried after this many server updates. */
const HOOK_RETRIES = 3;

interface StoredHook {
  socket: string;
  paneId: string;
  signal: PaneSignal;
  /** The pane's command when the hook came: a hook stops counting when the agent left the pane. */
  command: string | null;
}

function paneKey(socket: string, paneId: string): string {
  return `${socket}\u0000${paneId}`;
}

export class HookSignals implements SupervisorSource {
  readonly name = 'agent hooks';
  private server: HookServer | null = null;
  private readonly hooks = new Map<string, StoredHook>();
  /** The agent's own session id a hook reported, by pane (restore resumes with it). */
  private readonly agentIds = new Map<string, { socket: string; paneId: string; id: string }>();
  private pending: { message: HookMessage; tries: number }[] = [];

  constructor(
    private readonly host: SourceHost,
    private readonly servers: TmuxServers,
    /** Listen at all (off in one-shot mode and when asked). */
    private readonly listen: boolean,
  ) {
    servers.on('update', (update) => {
      if (update.full) {
        const alive = new Set(update.panes.map((p) => p.id));
        for (const [key, hook] of this.hooks)
          if (hook.socket === update.socket && !alive.has(hook.paneId)) this.hooks.delete(key);
        for (const [key, known] of this.agentIds)
          if (known.socket === update.socket && !alive.has(known.paneId)) this.agentIds.delete(key);
      }
      if (this.pending.length > 0) this.retry();
    });
  }

  async start(): Promise<void> {
    if (!this.listen || this.host.oneShot) return;
    this.server = new HookServer(this.host.env);
    this.server.on(
      'message',
      this.host.guard('hooks', (message: HookMessage) => this.onHook(message)),
    );
    this.server.on('rejected', (reason) => this.host.report('hooks', reason));
    await this.server.start();
    // Runtime dirs passed over (another user's, too open): the health board says why.
    for (const { dir, reason } of this.server.refused)
      this.host.report('hooks', `${dir}: ${reason}`);
    if (this.server.error) this.host.report('hooks', this.server.error);
  }

  refresh(): void {
    // Hooks arrive by themselves.
  }

  stop(): void {
    void this.server?.dispose();
    this.server = null;
  }

  /** The agent session id a hook reported for one of these panes, if any. */
  agentIdOf(socket: string, paneIds: readonly string[]): string | null {
    for (const paneId of paneIds) {
      const known = this.agentIds.get(paneKey(socket, paneId));
      if (known) return known.id;
    }
    return null;
  }

  /** Why hook events cannot be received, if they cannot (null when listening or not asked to). */
  get error(): string | null {
    return this.server?.error ?? null;
  }

  contribute(_id: string, draft: SessionDraft): void {
    const hooks: PaneSignal[] = [];
    const tmux = draft.tmux;
    for (const pane of tmux?.facts.panes ?? []) {
      const hook = this.hooks.get(paneKey(tmux!.socket, pane.id));
      if (hook && !pane.dead && (hook.command === null || hook.command === pane.currentCommand))
        hooks.push(hook.signal);
    }
    draft.hooks = hooks;
  }

  /** The pane a hook came from: $TMUX + $TMUX_PANE, else the one live pane in its cwd. */
  private paneOf(message: HookMessage): { socket: string; pane: PaneFacts } | null {
    const socket = socketFromTmuxEnv(message.tmux);
    if (socket && message.tmuxPane) {
      const resolved = resolve(socket);
      const pane = this.servers.findPane(resolved, message.tmuxPane);
      if (pane) return { socket: resolved, pane };
    }
    if (!message.cwd) return null;
    const cwd = resolve(message.cwd);
    const matches: { socket: string; pane: PaneFacts }[] = [];
    for (const view of this.servers.views()) {
      for (const facts of view.sessions.values()) {
        for (const pane of facts.panes) {
          if (!pane.dead && resolve(pane.currentPath || facts.path) === cwd)
            matches.push({ socket: view.socket, pane });
        }
      }
    }
    if (matches.length === 1) return matches[0]!;
    const agents = matches.filter((m) => /claude|codex|node/.test(m.pane.currentCommand));
    return agents.length === 1 ? agents[0]! : null;
  }

  private onHook(message: HookMessage): void {
    if (this.host.disposed) return;
    const verdict = hookVerdict(message);
    if (!verdict) return;
    const target = this.paneOf(message);
    if (!target) {
      // Its session may be too new for the last poll: look again and retry.
      this.pending.push({ message, tries: 0 });
      this.servers.refreshSoon();
      return;
    }
    const { socket, pane } = target;
    const agentId = agentIdFromHookEvent(message.event);
    if (agentId)
      this.agentIds.set(paneKey(socket, pane.id), { socket, paneId: pane.id, id: agentId });
    this.hooks.set(paneKey(socket, pane.id), {
      socket,
      paneId: pane.id,
      signal: { paneId: pane.id, signal: verdict.signal, agent: verdict.agent },
      command: pane.currentCommand || null,
    });
    const id = this.servers.sessionIdOfPane(socket, pane.id);
    if (id) this.host.changed(id, false);
  }

  private retry(): void {
    const pending = this.pending;
    this.pending = [];
    for (const item of pending) {
      if (this.paneOf(item.message)) this.onHook(item.message);
      else if (item.tries + 1 < HOOK_RETRIES) this.pending.push({ ...item, tries: item.tries + 1 });
    }
  }
}

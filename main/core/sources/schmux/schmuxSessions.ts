/**
 * The schmux source: schmux's state file names sessions (and their tmux
 * sockets); each adds its nickname, workspace and the agent state from its
 * events file.
 */
import { tmuxSessionId } from '../../sessions/classify';
import type { SocketCandidate } from '../../tmux/discovery';
import type { SourceHealth } from '../../../../preload/contract';
import type { SessionDraft, SourceHost, SupervisorSource } from '../source';
import { currentProblem } from '../sourceHealth';
import { SchmuxSource } from './schmuxSource';
import { schmuxSocketPath, type SchmuxSession } from './stateFile';

export class SchmuxSessions implements SupervisorSource {
  readonly name = 'schmux';
  private readonly state: SchmuxSource;
  private byId = new Map<string, SchmuxSession>();

  constructor(private readonly host: SourceHost) {
    this.state = new SchmuxSource(host.env, host.oneShot);
  }

  async start(): Promise<void> {
    if (!this.host.oneShot)
      this.state.on(
        'change',
        this.host.guard('schmux', () => this.onChange()),
      );
    await this.state.start();
    this.index();
    // The servers source started first: it looks again for the sockets named here.
    if (this.sockets().length > 0) this.host.rescan();
  }

  refresh(): void {
    // The state file's directory watch sees every change.
  }

  stop(): void {
    this.state.dispose();
  }

  problems(): SourceHealth[] {
    const read = this.state.state;
    return read.state === 'error'
      ? [currentProblem(`schmux state ${this.state.path}`, read.error)]
      : [];
  }

  sockets(): SocketCandidate[] {
    return this.state.sessions().map((s): SocketCandidate => ({
      socket: schmuxSocketPath(s.tmuxSocket, this.host.env),
      origin: 'schmux',
    }));
  }

  contribute(id: string, draft: SessionDraft): void {
    const session = this.byId.get(id);
    draft.schmux = session ? { session, events: this.state.agentStates.get(session.id) } : null;
  }

  private index(): void {
    const before = this.byId;
    this.byId = new Map();
    for (const session of this.state.sessions()) {
      const socket = schmuxSocketPath(session.tmuxSocket, this.host.env);
      this.byId.set(tmuxSessionId(socket, session.tmuxSession), session);
    }
    for (const id of new Set([...before.keys(), ...this.byId.keys()]))
      this.host.changed(id, !this.host.running);
  }

  private onChange(): void {
    this.index();
    this.host.rescan();
  }
}

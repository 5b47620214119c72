/**
 * The tmux skill source: its registries name sessions (and the sockets they
 * live on); each entry adds the skill's own view of its pane's health.
 */
import { resolve } from 'node:path';
import { tmuxSessionId } from '../../sessions/classify';
import type { SocketCandidate } from '../../tmux/discovery';
import type { SourceHealth } from '../../../../preload/contract';
import type { SessionDraft, SourceHost, SupervisorSource } from '../source';
import { currentProblem } from '../sourceHealth';
import type { TmuxServers } from '../tmux/tmuxServers';
import { TmuxSkillSource, type SkillEntry } from './skillSource';

export class TmuxSkillSessions implements SupervisorSource {
  readonly name = 'tmux skill';
  private readonly registries: TmuxSkillSource;
  private byId = new Map<string, SkillEntry>();

  constructor(
    private readonly host: SourceHost,
    private readonly servers: TmuxServers,
  ) {
    this.registries = new TmuxSkillSource(host.env, host.oneShot);
  }

  async start(): Promise<void> {
    if (!this.host.oneShot)
      this.registries.on(
        'change',
        this.host.guard('tmux skill', () => this.onChange()),
      );
    await this.registries.start();
    this.index();
    // The servers source started first: it looks again for the sockets named here.
    if (this.sockets().length > 0) this.host.rescan();
  }

  refresh(): void {
    // The registries' directory watches see every change.
  }

  stop(): void {
    this.registries.dispose();
  }

  problems(): SourceHealth[] {
    return this.registries
      .problems()
      .map((p) => currentProblem(`tmux skill registry ${p.registry}`, p.error));
  }

  sockets(): SocketCandidate[] {
    return this.registries.entries().map(({ entry }): SocketCandidate => ({
      socket: resolve(entry.socket),
      origin: 'tmuxSkill',
    }));
  }

  contribute(id: string, draft: SessionDraft): void {
    const entry = this.byId.get(id);
    if (!entry) {
      draft.skill = null;
      return;
    }
    const server = this.servers.view(resolve(entry.entry.socket));
    draft.skill = { entry, serverUp: server?.state === 'up' };
  }

  private index(): void {
    const before = this.byId;
    this.byId = new Map();
    for (const entry of this.registries.entries()) {
      const name = entry.entry.target?.split(':')[0] || entry.entry.name;
      const id = tmuxSessionId(resolve(entry.entry.socket), name);
      if (!this.byId.has(id)) this.byId.set(id, entry);
    }
    for (const id of new Set([...before.keys(), ...this.byId.keys()]))
      this.host.changed(id, !this.host.running);
  }

  private onChange(): void {
    this.index();
    this.host.rescan();
  }
}

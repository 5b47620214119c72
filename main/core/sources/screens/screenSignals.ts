/**
 * The screens source: feeds every poll's pane fingerprints to the screen
 * watcher (status/screenWatcher.ts), which reads a pane's last lines only
 * when it may have turned into a prompt; one-shot mode reads every live
 * pane once. Each pane's reading is a screen-rank signal, decided by the
 * detection rules of the agent identified in the pane (agents/). It owns
 * the rules in force: the built-in manifests with the user's files from
 * `<config dir>/agents` over them (followed live).
 */
import { PaneAgents } from '../../agents/paneAgents';
import { loopwatchConfigDir } from '../../paths';
import type { RuleProblem } from '../../status/rules/compile';
import { RuleSet } from '../../status/rules/ruleSet';
import { loadUserManifests, userAgentsDir, UserRulesWatcher } from '../../status/rules/userRules';
import { ScreenWatcher } from '../../status/screenWatcher';
import { panePrompt } from '../../status/sessionPrompt';
import type { PaneSignal } from '../../sessions/buildSession';
import type { SessionDraft, SourceHost, SupervisorSource } from '../source';
import type { TmuxServers } from '../tmux/tmuxServers';
import { readScreensOnce } from './readScreensOnce';

/** Start-up waits at most this long for the first screen reads. */
const STARTUP_SCREEN_WAIT_MS = 5_000;

export interface ScreenSignalsOptions {
  /** The user's rule files (default `<config dir>/agents`; null: built-in rules only). */
  rulesDir?: string | null | undefined;
  /** The rules were (re)loaded: the problems of broken files and rules (empty: all good). */
  onRules?: ((problems: readonly RuleProblem[]) => void) | undefined;
}

export class ScreenSignals implements SupervisorSource {
  readonly name = 'screens';
  /** The detection rules in force. */
  readonly rules = new RuleSet();
  private readonly agents = new PaneAgents(this.rules);
  private readonly watcher: ScreenWatcher;
  private userRules: UserRulesWatcher | null = null;

  constructor(
    private readonly host: SourceHost,
    private readonly servers: TmuxServers,
    private readonly options: ScreenSignalsOptions = {},
  ) {
    this.watcher = new ScreenWatcher(
      host.oneShot ? null : (socket, paneId, from) => this.capture(socket, paneId, from),
      this.rules,
      this.agents,
    );
    servers.on('update', (update) => {
      this.watcher.observe(update.socket, update.panes, Date.now());
      if (update.full) this.watcher.retain(update.socket, new Set(update.panes.map((p) => p.id)));
    });
    servers.on('gone', (socket) => this.watcher.forgetServer(socket));
    this.watcher.on(
      'change',
      host.guard('screens', (socket: string, paneId: string) => {
        const id = this.servers.sessionIdOfPane(socket, paneId);
        if (id) this.host.changed(id, false);
      }),
    );
  }

  /** Load the user's rule files (the servers' polls drive the rest, subscribed above). */
  async start(): Promise<void> {
    const dir =
      this.options.rulesDir === undefined
        ? userAgentsDir(loopwatchConfigDir(this.host.env))
        : this.options.rulesDir;
    if (dir === null) return;
    if (this.host.oneShot) {
      const { manifests, problems } = await loadUserManifests(dir);
      this.rules.setUser(manifests, problems);
      if (this.rules.problems.length > 0) this.options.onRules?.(this.rules.problems);
      return;
    }
    this.userRules = new UserRulesWatcher(dir, this.rules, (problems) => {
      if (this.host.disposed) return;
      this.options.onRules?.(problems);
      // New rules: every screen is read again with them.
      this.watcher.invalidate(Date.now());
    });
    await this.userRules.start();
  }

  /** The first screens: read them all (one-shot), or wait a little for the first reads. */
  async settle(): Promise<void> {
    if (this.host.oneShot) await this.readOnce();
    else await this.watcher.settle(STARTUP_SCREEN_WAIT_MS);
  }

  refresh(): void {
    // Every poll feeds the watcher.
  }

  stop(): void {
    this.userRules?.close();
    this.watcher.dispose();
  }

  /** The last screen text read of a pane (live, or gone recently), or null. */
  lastText(socket: string, paneId: string): { text: string; atMs: number } | null {
    return this.watcher.lastText(socket, paneId);
  }

  contribute(_id: string, draft: SessionDraft): void {
    const screen: PaneSignal[] = [];
    const agents = new Map<string, string>();
    const deadAgents = new Map<string, string>();
    const tmux = draft.tmux;
    for (const pane of tmux?.facts.panes ?? []) {
      const fromScreen = this.watcher.signal(tmux!.socket, pane.id);
      if (fromScreen) screen.push({ paneId: pane.id, ...fromScreen });
      const agent = this.watcher.agentOf(tmux!.socket, pane);
      // A dead pane runs no agent now; that it last ran one says whose death it was.
      if (agent) (pane.dead ? deadAgents : agents).set(pane.id, agent);
    }
    draft.screen = screen;
    // The question and answers on a waiting pane (the session keeps them only while it waits).
    if (tmux)
      draft.prompt = panePrompt(tmux.facts.panes, (pane) =>
        this.watcher.waitingText(tmux.socket, pane),
      );
    draft.agents = agents;
    draft.deadAgents = deadAgents;
  }

  private capture(socket: string, paneId: string, fromLine: number): Promise<string | null> {
    const runner = this.servers.runnerFor(socket);
    if (!runner) return Promise.resolve(null);
    return runner
      .run(['capture-pane', '-p', '-J', '-t', paneId, '-S', String(fromLine)])
      .catch(() => null);
  }

  private readOnce(): Promise<void> {
    return readScreensOnce(this.servers.oneShotViews(), this.watcher);
  }
}

/**
 * The screens source: feeds every poll's pane fingerprints to the screen
 * watcher (status/screenWatcher.ts), which reads a pane's last lines only
 * when it may have turned into a prompt; one-shot mode reads every live
 * pane once. Each pane's reading is a screen-rank signal.
 */
import { SCREEN_LINES } from '../../status/screenPatterns';
import { ScreenWatcher } from '../../status/screenWatcher';
import type { PaneSignal } from '../../sessions/buildSession';
import type { SessionDraft, SourceHost, SupervisorSource } from '../source';
import type { TmuxServers } from '../tmux/tmuxServers';

/** Start-up waits at most this long for the first screen reads. */
const STARTUP_SCREEN_WAIT_MS = 5_000;

export class ScreenSignals implements SupervisorSource {
  readonly name = 'screens';
  private readonly watcher: ScreenWatcher;

  constructor(
    private readonly host: SourceHost,
    private readonly servers: TmuxServers,
  ) {
    this.watcher = new ScreenWatcher(
      host.oneShot ? null : (socket, paneId, from) => this.capture(socket, paneId, from),
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

  start(): Promise<void> {
    // The servers' polls drive it (subscribed above).
    return Promise.resolve();
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
    this.watcher.dispose();
  }

  /** The last screen text read of a pane (live, or gone recently), or null. */
  lastText(socket: string, paneId: string): { text: string; atMs: number } | null {
    return this.watcher.lastText(socket, paneId);
  }

  contribute(_id: string, draft: SessionDraft): void {
    const screen: PaneSignal[] = [];
    const tmux = draft.tmux;
    for (const pane of tmux?.facts.panes ?? []) {
      const fromScreen = this.watcher.signal(tmux!.socket, pane.id);
      if (fromScreen) screen.push({ paneId: pane.id, ...fromScreen });
    }
    draft.screen = screen;
  }

  private capture(socket: string, paneId: string, fromLine: number): Promise<string | null> {
    const runner = this.servers.runnerFor(socket);
    if (!runner) return Promise.resolve(null);
    return runner
      .run(['capture-pane', '-p', '-J', '-t', paneId, '-S', String(fromLine)])
      .catch(() => null);
  }

  private async readOnce(): Promise<void> {
    await Promise.all(
      this.servers.oneShotViews().map(async (server) => {
        const panes = [...server.sessions.values()].flatMap((s) => s.panes).filter((p) => !p.dead);
        const texts = await server.captureAll(
          panes.map((p) => ({
            paneId: p.id,
            fromLine: Math.max(0, Math.min(p.cursorY, p.height - 1) - SCREEN_LINES),
          })),
        );
        const now = Date.now();
        for (const pane of panes) {
          const text = texts.get(pane.id);
          if (text !== undefined) this.watcher.recordText(server.socket, pane, text, now);
        }
      }),
    );
  }
}

/**
 * One-shot mode's screen reading: every live pane of each server read once,
 * in batched `capture-pane` calls, and handed to the screen watcher. Local
 * `list`/`status` and a remote host's one-shot scan read the same way.
 */
import { SCREEN_LINES } from '../../status/screenClassifier';
import type { ScreenWatcher } from '../../status/screenWatcher';
import type { OneShotServer } from '../../tmux/oneShotServer';

export async function readScreensOnce(
  servers: readonly OneShotServer[],
  watcher: ScreenWatcher,
): Promise<void> {
  await Promise.all(
    servers.map(async (server) => {
      const panes = [...server.sessions.values()].flatMap((s) => s.panes).filter((p) => !p.dead);
      const texts = await server.captureAll(
        panes.map((p) => ({
          paneId: p.id,
          fromLine: Math.max(0, Math.min(p.cursorY, p.height - 1) - SCREEN_LINES),
        })),
      );
      const now = Date.now();
      await Promise.all(
        panes.map(async (pane) => {
          const text = texts.get(pane.id);
          if (text !== undefined) await watcher.recordText(server.socket, pane, text, now);
        }),
      );
    }),
  );
}

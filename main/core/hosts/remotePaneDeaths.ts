/**
 * Deaths of a host's kept panes told by the host, not found by a poll.
 *
 * A pane that remain-on-exit keeps dies without a tmux notification (no
 * window closes), so locally the supervisor follows such panes' processes
 * on its clock (ServerMonitor's kept pids). A host's pids mean nothing
 * here: the host's pid loop watches them instead (remotePidWatch.ts), and
 * a death asks the host's servers for a poll at once, which reads the dead
 * pane and its exit from tmux. Without it such a death waited for the next
 * idle poll (a crash by SIGKILL writes no output that would hurry one).
 */
import type { PaneFacts } from '../tmux/formats';
import type { ServerMonitor } from '../tmux/serverMonitor';
import type { PidWatchPart } from './remotePidWatch';
/**
 * A second poll this long after a death: tmux may reap the process (what
 * the loop sees) a moment before it reads the pty's end (what marks the
 * pane dead), and the loop tells each death once.
 */
const POLL_AGAIN_MS = 300;

/** The live panes remain-on-exit keeps: their processes' pids. */
export function keptPanePids(panes: Iterable<PaneFacts>): number[] {
  const pids: number[] = [];
  for (const pane of panes)
    if (pane.keepsDead && !pane.dead && pane.pid !== null) pids.push(pane.pid);
  return pids;
}

export class RemotePaneDeaths {
  private monitors: readonly ServerMonitor[] = [];
  private again: NodeJS.Timeout | null = null;

  /** `watch`: the kept panes' share of the host's pid loop. */
  constructor(private readonly watch: PidWatchPart) {
    this.watch.onDead(() => {
      this.pollAll();
      if (this.again) clearTimeout(this.again);
      this.again = setTimeout(() => {
        this.again = null;
        this.pollAll();
      }, POLL_AGAIN_MS);
    });
  }

  private pollAll(): void {
    for (const monitor of this.monitors) monitor.pollSoon();
  }

  /** Watch the kept panes of these servers (all of the host's): call after their updates. */
  follow(monitors: Iterable<ServerMonitor>): void {
    this.monitors = [...monitors];
    this.watch.watch(
      this.monitors.flatMap((monitor) =>
        keptPanePids([...monitor.sessions.values()].flatMap((facts) => facts.panes)),
      ),
    );
  }

  stop(): void {
    if (this.again) clearTimeout(this.again);
    this.again = null;
    this.monitors = [];
    this.watch.stop();
  }
}

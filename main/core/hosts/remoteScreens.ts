/**
 * The screen watcher for a remote host's panes: the same detection rules as
 * local panes (the built-in manifests), with agents identified from what
 * tmux reports (title, current command, the `@loopwatch-agent` option), never
 * from this machine's /proc: a remote pane's pid names a process on the host.
 */
import { PaneAgents } from '../agents/paneAgents';
import { RuleSet } from '../status/rules/ruleSet';
import { ScreenWatcher, type CaptureFn } from '../status/screenWatcher';

/** A remote pane's processes are not readable from here. */
const noLocalProcesses = (): Promise<[]> => Promise.resolve([]);

export function remoteScreenWatcher(capture: CaptureFn | null): ScreenWatcher {
  const rules = new RuleSet();
  return new ScreenWatcher(capture, rules, new PaneAgents(rules, noLocalProcesses));
}

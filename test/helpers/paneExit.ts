/**
 * tmux 3.3a now and then leaves a pane's exited process unreaped (a zombie
 * whose SIGCHLD it missed): the pane reads dead with no exit status or
 * signal until the server reaps another child. Tests that check the exit
 * status wait for the pane to die, then make tmux run and reap a child of
 * its own (`run-shell true`), so the status is always there.
 */
import { eventually, type Sandbox } from './sandbox';

export async function waitForPaneExit(
  sandbox: Sandbox,
  session: string,
  socketName = 'default',
): Promise<void> {
  await eventually(
    async () =>
      (
        await sandbox.tmux(
          ['display-message', '-p', '-t', `=${session}:`, '#{pane_dead}'],
          socketName,
        )
      ).trim() === '1',
    `the pane of ${session} to exit`,
  );
  await sandbox.tmux(['run-shell', 'true'], socketName);
}

import { randomBytes } from 'node:crypto';
import {
  killLeftoverSshProcesses,
  killLeftoverTmuxServers,
  removeLeftoverNamespaces,
} from './leftovers';

/** Tag this run's sandboxes (workers inherit the environment). */
export function setup(): void {
  process.env.LOOPWATCH_TEST_RUN ??= randomBytes(3).toString('hex');
}

/**
 * After every test file ran: no tmux server, ssh client or master, sshd or
 * lab namespace of this run may be left.
 */
export async function teardown(): Promise<void> {
  const leftovers = [
    ...(await killLeftoverTmuxServers()),
    ...(await killLeftoverSshProcesses()),
    ...(await removeLeftoverNamespaces()).map((name) => `network namespace ${name}`),
  ];
  if (leftovers.length > 0) {
    throw new Error(`tests left these behind (now ended):\n${leftovers.join('\n')}`);
  }
}

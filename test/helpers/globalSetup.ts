import { randomBytes } from 'node:crypto';
import { killLeftoverTmuxServers } from './leftovers';

/** Tag this run's sandboxes (workers inherit the environment). */
export function setup(): void {
  process.env.LOOPWATCH_TEST_RUN ??= randomBytes(3).toString('hex');
}

/** After every test file ran: no tmux server of this run may be left running. */
export async function teardown(): Promise<void> {
  const leftovers = await killLeftoverTmuxServers();
  if (leftovers.length > 0) {
    throw new Error(`tests left tmux processes behind (now killed):\n${leftovers.join('\n')}`);
  }
}

import { killLeftoverTmuxServers } from './leftovers';

/** After every test file ran: no tmux server of ours may be left running. */
export async function teardown(): Promise<void> {
  const leftovers = await killLeftoverTmuxServers();
  if (leftovers.length > 0) {
    throw new Error(`tests left tmux processes behind (now killed):\n${leftovers.join('\n')}`);
  }
}

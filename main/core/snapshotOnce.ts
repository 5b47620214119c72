/**
 * A one-shot look at every session, for `loopwatch list` and `status`: the
 * supervisor's own code path in one-shot mode (short tmux processes, files
 * read once, screens read in a batch per server), nothing left running.
 */
import type { Snapshot } from '../../preload/contract';
import type { Env } from './paths';
import { Supervisor } from './supervisor';

export interface SnapshotOnceOptions {
  env?: Env;
  sockets?: readonly string[];
  projectRoots?: readonly string[];
}

export async function snapshotOnce(options: SnapshotOnceOptions = {}): Promise<Snapshot> {
  const supervisor = new Supervisor({ ...options, oneShot: true });
  try {
    await supervisor.start();
    return supervisor.snapshot();
  } finally {
    supervisor.dispose();
  }
}

/**
 * A lock between Loopwatch processes (two cleanups at once, from the app
 * and a terminal): a file created with O_EXCL holding the owner's pid and
 * its process start time. A lock whose owner is gone, or whose pid now
 * belongs to a later process, is stale and taken over.
 */
import { mkdir, open, stat } from 'node:fs/promises';
import { readTextFile } from '../files/readBounded';
import { dirname } from 'node:path';
import { pidAlive, processStartTime } from '../proc/processes';
import { PID_REUSE_TOLERANCE_MS } from './holder';
import { removeIfUnchanged } from './files';

/** How long a second cleanup waits for the first before giving up. */
export const DEFAULT_LOCK_WAIT_MS = 3_000;
/** Poll interval while waiting: short next to a cleanup, long next to a syscall. */
const LOCK_POLL_MS = 100;
/** A lock file still empty after this long was left by a writer that died mid-write. */
const UNREADABLE_LOCK_GRACE_MS = 5_000;

interface LockOwner {
  pid: number;
  /** The owner's process start time (ms since the epoch), to tell pid reuse. */
  processStartedMs: number | null;
  createdAt: string;
  what: string;
}

export class LockBusyError extends Error {
  constructor(
    readonly path: string,
    readonly owner: LockOwner | null,
  ) {
    const who = owner
      ? `process ${owner.pid} (${owner.what}, since ${owner.createdAt})`
      : 'another process';
    super(
      `another cleanup is running: ${who} holds ${path}; try again when it finishes (nothing was changed)`,
    );
    this.name = 'LockBusyError';
  }
}

export interface HeldLock {
  release(): Promise<void>;
}

async function ownerIsGone(owner: LockOwner): Promise<boolean> {
  if (!pidAlive(owner.pid)) return true;
  if (owner.processStartedMs === null) return false;
  const started = await processStartTime(owner.pid);
  return started !== null && Math.abs(started - owner.processStartedMs) > PID_REUSE_TOLERANCE_MS;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || typeof value.createdAt !== 'string') return null;
    return {
      pid: value.pid,
      processStartedMs: typeof value.processStartedMs === 'number' ? value.processStartedMs : null,
      createdAt: value.createdAt,
      what: typeof value.what === 'string' ? value.what : 'loopwatch',
    };
  } catch {
    return null;
  }
}

/** Take the lock at `path`, waiting up to `waitMs`; throws LockBusyError after that. */
export async function acquireProcessLock(
  path: string,
  what: string,
  waitMs = DEFAULT_LOCK_WAIT_MS,
): Promise<HeldLock> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const mine: LockOwner = {
    pid: process.pid,
    processStartedMs: await processStartTime(process.pid),
    createdAt: new Date().toISOString(),
    what,
  };
  const text = JSON.stringify(mine);
  const deadline = Date.now() + waitMs;
  let lastOwner: LockOwner | null = null;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
      } finally {
        await handle.close();
      }
      return {
        release: async () => {
          await removeIfUnchanged(path, text).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // The safe reader: a FIFO or a huge file at the lock's path must not hang or flood us.
    const read = await readTextFile(path);
    const existing = read.ok ? read.text : null;
    if (existing !== null) {
      const owner = parseOwner(existing);
      lastOwner = owner;
      const age = await stat(path).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      const stale = owner ? await ownerIsGone(owner) : age > UNREADABLE_LOCK_GRACE_MS;
      if (stale) {
        await removeIfUnchanged(path, existing).catch(() => undefined);
        continue;
      }
    }
    if (Date.now() >= deadline) throw new LockBusyError(path, lastOwner);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

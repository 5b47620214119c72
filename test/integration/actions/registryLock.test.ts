/**
 * The tmux skill's registry lock, taken the way its writers take it
 * (flock on SOCKET_DIR/.sessions.lock) with no second runtime holding it:
 * while Loopwatch is inside the lock, a writer's non-blocking flock fails;
 * once Loopwatch is done, it succeeds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registryLockPath,
  withRegistryLock,
} from '../../../main/core/actions/cleanup/registryLock';

/** What a skill writer's `flock -n` gets right now: 0 = it took the lock, 1 = held by someone. */
function writerTries(lockFile: string): number | null {
  return spawnSync('flock', ['-n', lockFile, 'true']).status;
}

describe('the registry lock (flock on our own descriptor)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-test-reglock-'));
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('is held for exactly as long as the work inside it runs', async () => {
    const registry = join(dir, '.sessions.json');
    const lockFile = registryLockPath(registry);
    const seen = await withRegistryLock(registry, process.env, () =>
      Promise.resolve(writerTries(lockFile)),
    );
    expect(seen).toBe(1);
    expect(writerTries(lockFile)).toBe(0);
  });

  it('releases the lock when the work throws', async () => {
    const registry = join(dir, '.sessions.json');
    await expect(
      withRegistryLock(registry, process.env, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(writerTries(registryLockPath(registry))).toBe(0);
  });
});

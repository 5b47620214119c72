/**
 * Run records per machine (actions/runRecords.ts): a remote host's run is
 * recorded under its host's name, so the same project path and run name on
 * this machine and on a host are two runs, and each list sees only its own.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listRunRecords,
  readRunRecord,
  runRecordPath,
  writeRunRecord,
  type RunRecord,
} from '../../../../../main/core/actions/runRecords';

describe('run records by host', () => {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  const record = (host?: string): RunRecord => ({
    version: 1,
    projectDir: '/srv/app',
    name: 'auth',
    args: host ? ['ralph', 'auth', '9'] : ['ralph', 'auth', '5'],
    recordedAt: '2026-01-02T03:04:05Z',
    source: 'start',
    ...(host ? { host } : {}),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-records-'));
    env = { LOOPWATCH_CONFIG_DIR: dir };
    await writeRunRecord(env, record());
    await writeRunRecord(env, record('gpu'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a local record where it always was, and a host’s beside it', () => {
    const key = createHash('sha256').update('/srv/app\0auth').digest('hex').slice(0, 24);
    expect(basename(runRecordPath(env, '/srv/app', 'auth'))).toBe(`${key}.json`);
    expect(runRecordPath(env, '/srv/app', 'auth', 'gpu')).not.toBe(
      runRecordPath(env, '/srv/app', 'auth'),
    );
  });

  it('reads and lists each machine’s records only', async () => {
    expect((await readRunRecord(env, '/srv/app', 'auth'))?.args).toEqual(['ralph', 'auth', '5']);
    expect((await readRunRecord(env, '/srv/app', 'auth', 'gpu'))?.args).toEqual([
      'ralph',
      'auth',
      '9',
    ]);
    expect(await readRunRecord(env, '/srv/app', 'auth', 'other')).toBeNull();
    expect((await listRunRecords(env)).map((r) => r.host ?? 'local')).toEqual(['local']);
    expect((await listRunRecords(env, 'auth', 'gpu')).map((r) => r.host)).toEqual(['gpu']);
    expect(await listRunRecords(env, 'nope', 'gpu')).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLock } from '../../../../../../main/core/sources/pipeline/lockFile';
import {
  pipelinePaths,
  runNameFromLockFile,
} from '../../../../../../main/core/sources/pipeline/paths';

describe('parseLock', () => {
  it('reads the engine lock format', () => {
    expect(
      parseLock('{"session": "auth", "pid": 12345, "started_at": "2026-01-02T03:04:05Z"}'),
    ).toEqual({
      ok: true,
      lock: { session: 'auth', pid: 12345, startedAt: '2026-01-02T03:04:05Z' },
    });
  });

  it('accepts a pid written as a string', () => {
    expect(parseLock('{"pid": " 42 "}')).toMatchObject({
      ok: true,
      lock: { pid: 42, session: null },
    });
  });

  it('refuses a lock without a usable pid, with a reason', () => {
    expect(parseLock('{"session": "x"}')).toEqual({
      ok: false,
      error: 'lock file has no valid pid',
    });
    expect(parseLock('{"pid": -3}')).toMatchObject({ ok: false });
    expect(parseLock('{"pid": 1.5}')).toMatchObject({ ok: false });
    expect(parseLock('garbage')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid JSON/),
    });
    expect(parseLock('')).toEqual({ ok: false, error: 'lock file is empty' });
  });

  it('never throws (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const result = parseLock(text);
          if (result.ok) expect(result.lock.pid).toBeGreaterThan(0);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('pipeline paths', () => {
  it('follow the engine layout', () => {
    expect(pipelinePaths('/p', 'auth')).toEqual({
      lock: '/p/.claude/locks/auth.lock',
      runDir: '/p/.claude/pipeline-runs/auth',
      state: '/p/.claude/pipeline-runs/auth/state.json',
      events: '/p/.claude/pipeline-runs/auth/events.jsonl',
      progress: '/p/.claude/pipeline-runs/auth/progress-auth.md',
    });
  });

  it('take session locks, not helper locks', () => {
    expect(runNameFromLockFile('auth.lock')).toBe('auth');
    expect(runNameFromLockFile('auth.lock.lock')).toBeNull();
    expect(runNameFromLockFile('.lock')).toBeNull();
    expect(runNameFromLockFile('notes.txt')).toBeNull();
  });
});

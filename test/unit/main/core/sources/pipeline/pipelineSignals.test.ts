import { describe, expect, it } from 'vitest';
import { decide } from '../../../../../../main/core/status/engine';
import {
  pipelineView,
  PIPELINE_GRACE_MS,
} from '../../../../../../main/core/sources/pipeline/pipelineSignals';
import { emptyRun, type RunFacts } from '../../../../../../main/core/sources/pipeline/runFacts';
import { parseState } from '../../../../../../main/core/sources/pipeline/stateFile';

const NOW = Date.parse('2026-11-21T10:00:00Z');

function run(parts: {
  lock?: 'alive' | 'dead' | 'bad' | 'unverified';
  state?: string;
  max?: number;
}): RunFacts {
  const r = emptyRun('/p', 'auth', 'claude');
  if (parts.lock === 'bad')
    r.lock = { state: 'error', error: '/p/.claude/locks/auth.lock is not valid JSON' };
  else if (parts.lock) {
    r.lock = {
      state: 'ok',
      lock: {
        session: 'auth',
        pid: 4242,
        startedAt: parts.lock === 'unverified' ? null : '2026-11-21T09:00:00Z',
      },
      mtimeMs: NOW - 3600_000,
    };
    r.holder = {
      pid: 4242,
      alive: parts.lock === 'alive' || parts.lock === 'unverified',
      unverified: parts.lock === 'unverified',
      deadSince: parts.lock === 'dead' ? NOW - 1000 : null,
      maxFromArgs: parts.max ?? null,
    };
  }
  if (parts.state) {
    const parsed = parseState(parts.state);
    r.state = parsed.ok
      ? { state: 'ok', value: parsed.state, mtimeMs: NOW - 60_000 }
      : { state: 'error', error: parsed.error };
  }
  return r;
}

const running = JSON.stringify({
  status: 'running',
  iteration: 3,
  iteration_completed: 2,
  iteration_started: '2026-11-21T09:59:00Z',
  current_stage: 0,
  stages: [{ index: 0, name: 'work', status: 'running' }],
});

function statusOf(r: RunFacts, live: boolean, created: number | null = NOW - 60_000) {
  const view = pipelineView(r, { live, sessionCreatedMs: created, maxFromPane: null }, NOW);
  return { ...decide(view.signals), flags: view.flags, view };
}

describe('pipeline status by the engine’s own rules', () => {
  it('lock holder alive + running: working, with iteration/max and stage', () => {
    const s = statusOf(run({ lock: 'alive', state: running, max: 25 }), true);
    expect(s).toMatchObject({ status: 'working', reason: 'iteration 3/25, stage work' });
    expect(s.view.pipeline).toMatchObject({
      iteration: 3,
      maxIterations: 25,
      maxIterationsFrom: 'args',
      stage: 'work',
    });
    expect(s.flags).toEqual({ staleLock: false, orphan: false, zombie: false });
  });

  it('a lock without a usable started_at whose pid runs: holder unverified, not alive, not stale', () => {
    const { view } = statusOf(run({ lock: 'unverified', state: running }), false);
    expect(view.signals.find((sig) => sig.rank === 'process')).toMatchObject({
      status: 'unknown',
      signal: 'lock-holder-unverified',
      detail: expect.stringMatching(/^lock holder unverified: pid 4242 is running/),
    });
    expect(view.lock).toMatchObject({ alive: null, error: expect.stringMatching(/unverified/) });
    expect(view.flags).toMatchObject({ staleLock: false, zombie: false });
  });

  it('lock present, holder dead: crashed with staleLock', () => {
    const s = statusOf(run({ lock: 'dead', state: running }), true);
    expect(s).toMatchObject({
      status: 'crashed',
      reason: 'lock holder pid 4242 is gone (stale lock)',
    });
    expect(s.flags.staleLock).toBe(true);
  });

  it('no lock and state running: crashed; without a session it is a zombie too', () => {
    expect(statusOf(run({ state: running }), true).status).toBe('crashed');
    const gone = statusOf(run({ state: running }), false, null);
    expect(gone).toMatchObject({
      status: 'crashed',
      reason: 'state says running, but there is no lock and no tmux session',
    });
    expect(gone.flags.zombie).toBe(true);
  });

  it('"complete" and "completed" both mean done; "failed" is crashed with the error', () => {
    for (const word of ['complete', 'completed']) {
      const s = statusOf(
        run({ state: JSON.stringify({ status: word, completion_reason: 'agents agreed' }) }),
        false,
        null,
      );
      expect(s).toMatchObject({ status: 'done', reason: `pipeline ${word}: agents agreed` });
      expect(s.flags).toEqual({ staleLock: false, orphan: false, zombie: false });
    }
    const failed = statusOf(
      run({
        state: JSON.stringify({
          status: 'failed',
          error: { type: 'agent_error', message: 'exit 2' },
        }),
      }),
      false,
      null,
    );
    expect(failed).toMatchObject({
      status: 'crashed',
      reason: 'pipeline failed: agent_error: exit 2',
    });
  });

  it('complete beats a lock left behind by a dead holder', () => {
    expect(
      statusOf(run({ lock: 'dead', state: JSON.stringify({ status: 'complete' }) }), false, null)
        .status,
    ).toBe('done');
  });

  it('a pipeline session with no lock and no state: starting while young, then an orphan', () => {
    const young = statusOf(run({}), true, NOW - 1000);
    expect(young).toMatchObject({ status: 'starting' });
    expect(young.flags.orphan).toBe(false);
    expect(young.view.recheckAt).toBe(NOW - 1000 + PIPELINE_GRACE_MS + 1);
    const old = statusOf(run({}), true, NOW - 60_000);
    expect(old.flags.orphan).toBe(true);
    expect(old.status).toBe('unknown');
  });

  it('a lock taken and no state yet: starting', () => {
    expect(statusOf(run({ lock: 'alive' }), true)).toMatchObject({
      status: 'starting',
      reason: 'lock taken by pid 4242, no state yet',
    });
  });

  it('unreadable files give unknown with the reason, never a crash', () => {
    expect(statusOf(run({ state: '{"status": "runn' }), false, null)).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('not valid JSON'),
    });
    expect(statusOf(run({ lock: 'bad' }), true)).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('lock'),
    });
  });

  it('max iterations falls back to the state file', () => {
    const s = statusOf(
      run({
        lock: 'alive',
        state: JSON.stringify({ status: 'running', iteration: 1, max_iterations: 9 }),
      }),
      true,
    );
    expect(s.view.pipeline).toMatchObject({ maxIterations: 9, maxIterationsFrom: 'state' });
  });
});

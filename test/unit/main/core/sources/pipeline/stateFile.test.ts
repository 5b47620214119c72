import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseState } from '../../../../../../main/core/sources/pipeline/stateFile';

/** state.json as the engine writes it mid-run (FIELD.md section 1). */
const RUNNING = {
  session: 'auth',
  type: 'pipeline',
  started_at: '2026-01-02T03:04:05Z',
  status: 'running',
  current_stage: 1,
  iteration: 4,
  iteration_completed: 3,
  iteration_started: '2026-01-02T04:00:00Z',
  stages: [
    { index: 0, name: 'plan', status: 'complete', timestamp: '2026-01-02T03:30:00Z' },
    { index: 1, name: 'work', status: 'running', timestamp: '2026-01-02T03:31:00Z' },
  ],
  history: [],
  event_offset: 120,
};

describe('parseState', () => {
  it('reads a running pipeline with its stage and iterations', () => {
    const result = parseState(JSON.stringify(RUNNING));
    expect(result.ok && result.state).toMatchObject({
      session: 'auth',
      type: 'pipeline',
      outcome: 'running',
      currentStage: 1,
      stageName: 'work',
      iteration: 4,
      iterationCompleted: 3,
      maxIterations: null,
    });
  });

  it('accepts both "complete" and "completed" as finished', () => {
    for (const status of ['complete', 'completed']) {
      const result = parseState(
        JSON.stringify({
          ...RUNNING,
          status,
          completed_at: 'x',
          completion_reason: 'all beads done',
          iteration_started: null,
        }),
      );
      expect(result.ok && result.state.outcome).toBe('complete');
      expect(result.ok && result.state.completionReason).toBe('all beads done');
      expect(result.ok && result.state.iterationStarted).toBeNull();
    }
  });

  it('reads a failure with its error object, or an error string', () => {
    const failed = parseState(
      JSON.stringify({
        ...RUNNING,
        status: 'failed',
        error: { type: 'provider', message: 'rate limited', timestamp: 't' },
      }),
    );
    expect(failed.ok && failed.state).toMatchObject({
      outcome: 'failed',
      error: { type: 'provider', message: 'rate limited' },
    });
    const text = parseState(JSON.stringify({ ...RUNNING, error: 'boom' }));
    expect(text.ok && text.state.error).toEqual({ type: null, message: 'boom', timestamp: null });
  });

  it('tolerates wrong field types without inventing values', () => {
    const result = parseState(
      JSON.stringify({ status: 7, iteration: 'three', stages: 'nope', current_stage: '2' }),
    );
    expect(result.ok && result.state).toMatchObject({
      status: null,
      outcome: 'unknown',
      iteration: null,
      stages: [],
      currentStage: 2,
    });
  });

  it('gives a one-line error for empty, partial and non-object files', () => {
    expect(parseState('')).toEqual({ ok: false, error: 'state.json is empty' });
    expect(parseState('{"status": "runn')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid JSON/),
    });
    expect(parseState('[1,2]')).toEqual({ ok: false, error: 'state.json is not a JSON object' });
    expect(parseState('null')).toEqual({ ok: false, error: 'state.json is not a JSON object' });
  });

  it('never throws, whatever the bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const result = parseState(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const result = parseState(JSON.stringify(value));
        if (result.ok)
          expect(['running', 'complete', 'failed', 'unknown']).toContain(result.state.outcome);
      }),
      { numRuns: 2000 },
    );
  });
});

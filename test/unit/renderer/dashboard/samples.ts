/** Shared pieces for the dashboard's component tests. */
import { act } from '@testing-library/react';
import type { PipelineInfo } from '../../../../preload/contract';
import type { Clock } from '../../../../renderer/src/dashboard/time/clock';

/** "Now" for tests that show relative times. */
export const SAMPLE_NOW = Date.parse('2026-11-21T03:10:00.000Z');

/** A clock the test advances by hand (inside act, as a tick would). */
export function manualClock(start = SAMPLE_NOW): Clock & { advance(ms: number): void } {
  let now = start;
  const listeners = new Set<() => void>();
  return {
    now: () => now,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    advance(ms) {
      now += ms;
      act(() => {
        for (const listener of listeners) listener();
      });
    },
  };
}

export function pipelineInfo(overrides: Partial<PipelineInfo> = {}): PipelineInfo {
  return {
    runName: 'auth',
    projectDir: '/home/u/project',
    type: 'loop',
    state: 'running',
    stage: 'build',
    stageIndex: 1,
    stages: [],
    iteration: 3,
    iterationCompleted: 2,
    maxIterations: 10,
    startedAt: null,
    completedAt: null,
    completionReason: null,
    error: null,
    stateFile: null,
    stateError: null,
    ...overrides,
  };
}

/**
 * One shared clock for every live relative time on the page: a single
 * interval while anything listens, none otherwise. A cell reads the clock
 * through useSyncExternalStore with its formatted text as the snapshot, so
 * a tick re-renders only the cells whose text changed, never whole rows.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';

/** Relative times show seconds at most: one tick a second is enough. */
export const CLOCK_TICK_MS = 1_000;

export interface Clock {
  now: () => number;
  subscribe: (listener: () => void) => () => void;
}

export function createIntervalClock(tickMs = CLOCK_TICK_MS): Clock {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let current = Date.now();
  return {
    now: () => current,
    subscribe: (listener) => {
      listeners.add(listener);
      if (!timer) {
        current = Date.now();
        timer = setInterval(() => {
          current = Date.now();
          for (const l of listeners) l();
        }, tickMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
  };
}

export const ClockContext = createContext<Clock>(createIntervalClock());

/** `format(now)` re-evaluated on every tick; the component re-renders only when it changes. */
export function useClockText(format: (nowMs: number) => string): string {
  const clock = useContext(ClockContext);
  return useSyncExternalStore(clock.subscribe, () => format(clock.now()));
}

/** A clock stopped at `atMs`: while the supervisor is away, times do not pretend to move. */
export function frozenClock(atMs: number): Clock {
  return { now: () => atMs, subscribe: () => () => undefined };
}

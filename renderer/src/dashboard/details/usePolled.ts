/**
 * Ask main for something now and then again every `intervalMs` while
 * `enabled` and the page is visible: one request at a time (a slow answer
 * never piles up requests), a fresh start when `key` changes, and the last
 * good value kept across failures (a reconnect does not blank the pane).
 */
import { useEffect, useState } from 'react';

export interface Polled<T> {
  value: T | null;
  error: string | null;
}

export function usePolled<T>(
  key: string | null,
  fetch: (key: string) => Promise<T>,
  intervalMs: number,
  enabled: boolean,
): Polled<T> {
  const [state, setState] = useState<Polled<T> & { key: string | null }>({
    key,
    value: null,
    error: null,
  });
  useEffect(() => {
    if (key === null || !enabled) return;
    let stopped = false;
    let inFlight = false;
    const tick = (): void => {
      if (inFlight || stopped || document.visibilityState === 'hidden') return;
      inFlight = true;
      fetch(key).then(
        (value) => {
          inFlight = false;
          if (!stopped) setState({ key, value, error: null });
        },
        (error: unknown) => {
          inFlight = false;
          if (!stopped) setState((prev) => ({ ...prev, key, error: (error as Error).message }));
        },
      );
    };
    tick();
    const timer = setInterval(tick, intervalMs);
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') tick();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, fetch, intervalMs, enabled]);

  // A new key shows nothing rather than the previous session's data.
  return state.key === key
    ? { value: state.value, error: state.error }
    : { value: null, error: null };
}

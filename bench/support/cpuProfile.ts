/**
 * A CPU profile of this process over one window, for finding where a
 * bench's idle CPU goes: set LW_BENCH_CPU_PROF=FILE and the window's
 * profile is written there (Chrome DevTools' .cpuprofile format; open it
 * in DevTools or summarize it with `node bench/support/profileTop.mjs FILE`).
 * Unset: nothing is profiled (profiling itself costs CPU).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export interface WindowProfile {
  /** Stop profiling and write the profile (nothing when profiling is off). */
  stop(): Promise<void>;
}

export async function profileWindow(file = process.env.LW_BENCH_CPU_PROF): Promise<WindowProfile> {
  if (!file) return { stop: () => Promise.resolve() };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await writeFile(file, JSON.stringify(profile));
    },
  };
}

/**
 * Facts about processes by pid: alive or not, and when they started (to
 * tell a lock's holder from an unrelated process that reused its pid).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** True when a process with this pid exists (even one we may not signal). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just is not ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let bootTimeMs: number | null = null;
let clockTicks = 100;

async function linuxBootTime(): Promise<number | null> {
  if (bootTimeMs !== null) return bootTimeMs;
  const stat = await readFile('/proc/stat', 'utf8').catch(() => '');
  const match = /^btime (\d+)$/m.exec(stat);
  if (!match) return null;
  bootTimeMs = Number(match[1]) * 1000;
  // USER_HZ is 100 on every mainstream Linux build; `getconf CLK_TCK` confirms it.
  const ticks = await new Promise<string>((resolve) =>
    execFile('getconf', ['CLK_TCK'], (error, stdout) => resolve(error ? '' : stdout)),
  );
  if (Number(ticks) > 0) clockTicks = Number(ticks);
  return bootTimeMs;
}

/**
 * When a process started (ms since the epoch), or null when unknown (no
 * such process, or no /proc and no `ps`). Resolution: 10 ms on Linux, 1 s
 * through `ps` elsewhere.
 */
export async function processStartTime(pid: number): Promise<number | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat !== null) {
    // Field 22 (starttime) counts from after the command name, which may hold spaces and parens.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const boot = await linuxBootTime();
    if (boot === null || !Number.isFinite(ticks)) return null;
    return boot + (ticks * 1000) / clockTicks;
  }
  if (process.platform === 'linux') return null;
  return new Promise((resolve) => {
    execFile(
      'ps',
      ['-o', 'lstart=', '-p', String(pid)],
      { env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout) => {
        const parsed = error ? NaN : Date.parse(stdout.trim());
        resolve(Number.isNaN(parsed) ? null : parsed);
      },
    );
  });
}

/** The command line of a process (Linux /proc; null elsewhere or when gone). */
export async function processArgs(pid: number): Promise<string[] | null> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (raw === null || raw === '') return null;
  return raw.replace(/\0$/, '').split('\0');
}

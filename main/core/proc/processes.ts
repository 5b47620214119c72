/**
 * Facts about processes by pid: alive or not, and when they started (to
 * tell a lock's holder from an unrelated process that reused its pid).
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * True when a process with this pid runs (even one we may not signal). A
 * zombie (exited, not yet reaped by its parent) is dead: tmux, for one, can
 * take seconds to reap a pane's process.
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, it just is not ours.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return processState(pid) !== 'Z';
}

/** The one-letter state in a /proc/PID/stat text ("R", "S", "Z", ...): after the command name. */
function stateIn(stat: string): string {
  return stat.charAt(stat.lastIndexOf(')') + 2);
}

/** The state of a process, null where unknown (no such process, no /proc). */
function processState(pid: number): string | null {
  try {
    return stateIn(readFileSync(`/proc/${pid}/stat`, 'utf8')) || null;
  } catch {
    return null;
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

/**
 * How a process that has exited but is not yet reaped (a zombie) ended,
 * from /proc/PID/stat's `exit_code` (Linux 3.5+). tmux marks a pane dead
 * when its pty closes, and learns the exit status only when it reaps the
 * process, which can come seconds later: the zombie already knows. Null
 * for a live or reaped process, or where /proc has no such field.
 */
export function zombieExit(pid: number): { status: number | null; signal: number | null } | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return zombieExitFromStat(stat);
}

/** The exit a /proc/PID/stat text tells (this machine's or a host's); null unless a zombie's. */
export function zombieExitFromStat(
  stat: string,
): { status: number | null; signal: number | null } | null {
  // Fields after the command name (which may hold spaces and parens): field 3 is the state.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
  if (fields[0] !== 'Z') return null;
  // exit_code is field 52 of the file: index 49 from field 3.
  const code = Number(fields[49]);
  if (!Number.isInteger(code) || code < 0) return null;
  const signal = code & 0x7f;
  return signal === 0 ? { status: (code >> 8) & 0xff, signal: null } : { status: null, signal };
}

/** Bytes of /proc/PID/stat read to find the state: the command name is at most 64 bytes. */
const STAT_HEAD_BYTES = 256;
/** One check in this many reads the state (a zombie answers signal 0 like a live process). */
const ZOMBIE_CHECK_EVERY = 4;

/**
 * Follows one pid cheaply: a signal-0 syscall per check, and every few
 * checks a read of /proc/PID/stat (opened once) for its state: a zombie is
 * dead. The open file stays tied to that process, so a pid reused by a newer
 * process reads as gone. Where /proc is missing, falls back to `pidAlive`.
 */
export class PidWatch {
  private fd: number | null;
  private checks = 0;
  private readonly buffer = Buffer.alloc(STAT_HEAD_BYTES);

  constructor(readonly pid: number) {
    try {
      this.fd = openSync(`/proc/${pid}/stat`, 'r');
    } catch {
      this.fd = null;
    }
  }

  alive(): boolean {
    if (this.fd === null) return pidAlive(this.pid);
    // Most checks: a signal-0 syscall. Every few: the state, to see a zombie (dead, unreaped).
    this.checks += 1;
    if (this.checks % ZOMBIE_CHECK_EVERY !== 0) {
      try {
        process.kill(this.pid, 0);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
      }
    }
    try {
      const length = readSync(this.fd, this.buffer, 0, STAT_HEAD_BYTES, 0);
      return stateIn(this.buffer.toString('latin1', 0, length)) !== 'Z';
    } catch {
      // ESRCH: the process is gone (reaped).
      return false;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

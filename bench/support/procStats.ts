/**
 * CPU time and memory of processes, from /proc (Linux): what a process and
 * its children cost, measured, not estimated.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** USER_HZ: the unit of /proc's CPU times (100 on mainstream Linux; asked, not assumed). */
const TICKS_PER_S =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Seconds of CPU a process used: its own (utime, stime) and its reaped children's (cutime, cstime). */
export function cpuSeconds(pid: number, withReapedChildren = true): number {
  const f = statFields(pid);
  if (!f) return 0;
  // Fields 14-17 of the file: index 11-14 after the state (field 3).
  const own = Number(f[11]) + Number(f[12]);
  const reaped = withReapedChildren ? Number(f[13]) + Number(f[14]) : 0;
  return (own + reaped) / TICKS_PER_S;
}

export function childPids(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(' ').map(Number);
  } catch {
    return [];
  }
}

/** Resident memory in MiB. */
export function rssMb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds of a process and its live children (live ones are not in cutime yet). */
export function treeCpuSeconds(pid: number): number {
  return cpuSeconds(pid) + childPids(pid).reduce((sum, child) => sum + cpuSeconds(child), 0);
}

export function treeRssMb(pid: number): number {
  return rssMb(pid) + childPids(pid).reduce((sum, child) => sum + rssMb(child), 0);
}

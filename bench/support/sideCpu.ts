/**
 * What a side of the hosts bench costs in CPU over a window, and what the
 * hosts pay for it, from /proc (Linux).
 *
 * Counted as the side's (Loopwatch's, or the baseline's):
 *  - this process (the supervisor runs in it) with its exited children
 *    (cutime: the short ssh commands it ran);
 *  - its live descendants that are node or ssh processes (the baseline's
 *    own node process, the ssh clients: control-mode clients, loops on the
 *    hosts, commands under way);
 *  - the detached ssh connection masters (ControlPersist: ssh renames them
 *    `ssh: CONTROL_PATH [mux]`) whose control path lies under one of the
 *    side's dirs.
 * Not counted, because they are not the side's: the bench's TypeScript
 * loader (esbuild), the `sleep`s standing in for lock holders, and the
 * hosts (each host's sshd and everything under it, the host's tmux
 * servers): those are reported apart as the hosts' share.
 * The /proc scan finding the processes runs outside the two readings, so
 * the bench's own bookkeeping is not counted either.
 */
import { readdir, readFile } from 'node:fs/promises';
import { cpuSeconds } from './procStats';

interface Proc {
  ppid: number;
  comm: string;
  argv: string;
}

/** Every process's parent, name and (for ssh) argv: one pass over /proc. */
async function processTable(): Promise<Map<number, Proc>> {
  const table = new Map<number, Proc>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    const argv = comm.startsWith('ssh')
      ? await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
      : '';
    table.set(Number(entry), { ppid, comm, argv });
  }
  return table;
}

interface Census {
  /** The side's processes other than this one. */
  side: number[];
  /** The hosts' processes (sshd trees, tmux servers). */
  hosts: number[];
}

async function census(markers: readonly string[], hostServers: readonly number[]): Promise<Census> {
  const table = await processTable();
  const children = new Map<number, number[]>();
  for (const [pid, proc] of table) {
    const list = children.get(proc.ppid) ?? [];
    list.push(pid);
    children.set(proc.ppid, list);
  }
  const side: number[] = [];
  const hosts = new Set(hostServers.filter((pid) => table.has(pid)));
  const walk = (pid: number, underSshd: boolean): void => {
    for (const child of children.get(pid) ?? []) {
      const proc = table.get(child)!;
      const sshd = underSshd || proc.comm === 'sshd';
      if (sshd) hosts.add(child);
      else if (proc.comm === 'node' || proc.comm === 'ssh') side.push(child);
      walk(child, sshd);
    }
  };
  walk(process.pid, false);
  for (const [pid, proc] of table) {
    if (!proc.argv.startsWith('ssh: ') || !markers.some((m) => proc.argv.includes(m))) continue;
    if (!side.includes(pid)) side.push(pid);
  }
  return { side, hosts: [...hosts] };
}

const sum = (pids: readonly number[], from: ReadonlyMap<number, number>): number =>
  pids.reduce((total, pid) => total + cpuSeconds(pid) - (from.get(pid) ?? 0), 0);

export interface WindowCpu {
  /** The side's CPU, % of one core. */
  sidePct: number;
  /** The hosts' CPU (sshd, tmux servers and what runs under them), % of one core. */
  hostsPct: number;
}

/** CPU over `windowMs` (see the header for what is counted). */
export async function windowCpu(
  markers: readonly string[],
  hostServers: readonly number[],
  windowMs: number,
): Promise<WindowCpu> {
  const before = await census(markers, hostServers);
  const start = new Map<number, number>();
  for (const pid of [...before.side, ...before.hosts]) start.set(pid, cpuSeconds(pid));
  const self0 = cpuSeconds(process.pid);
  const wall0 = Date.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const self1 = cpuSeconds(process.pid);
  const wall1 = Date.now();
  const after = await census(markers, hostServers);
  const seconds = (wall1 - wall0) / 1000;
  const pct = (cpu: number): number => Math.round((cpu / seconds) * 100 * 100) / 100;
  return {
    sidePct: pct(self1 - self0 + sum(after.side, start)),
    hostsPct: pct(sum(after.hosts, start)),
  };
}

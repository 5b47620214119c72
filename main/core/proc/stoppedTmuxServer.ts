/**
 * Is the tmux server behind a socket stopped (SIGSTOP, a debugger)? Such a
 * server accepts connections and never answers, so a query only learns it
 * at its deadline (5 s). /proc says it at once: the listening socket's inode
 * (/proc/net/unix), the process holding it (its fds), and that process's
 * state ('T' stopped, 't' traced). Linux only; anywhere else, or when the
 * process cannot be read (another user's), the answer is null and the
 * deadline decides as before.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

/** tmux names its server process so (prctl PR_SET_NAME). */
const TMUX_SERVER_COMM = 'tmux: server';
/** /proc/net/unix flag of a listening socket (__SO_ACCEPTCON). */
const LISTENING_FLAG = 0x10000;
/** Stopped by a signal, or stopped under a tracer. */
const STOPPED_STATES = new Set(['T', 't']);

/** Inodes of listening unix sockets bound at `socket`. */
async function listeningInodes(socket: string): Promise<Set<string>> {
  const text = await readFile('/proc/net/unix', 'utf8').catch(() => '');
  const inodes = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path (the path may hold spaces).
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const path = line.slice(line.indexOf(` ${fields[6]} `) + fields[6]!.length + 2).trimEnd();
    if (path !== socket) continue;
    if ((Number.parseInt(fields[3]!, 16) & LISTENING_FLAG) === 0) continue;
    inodes.add(fields[6]!);
  }
  return inodes;
}

/** The process's name and state from /proc/PID/stat (the name may hold spaces and parens). */
async function commAndState(pid: string): Promise<{ comm: string; state: string } | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  return { comm: stat.slice(open + 1, close), state: stat.slice(close + 2, close + 3) };
}

async function holdsInode(pid: string, inodes: ReadonlySet<string>): Promise<boolean> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode !== undefined && inodes.has(inode)) return true;
  }
  return false;
}

/** The pid of the stopped tmux server listening on `socket`, or null (running, gone, unknown). */
export async function stoppedTmuxServerPid(socket: string): Promise<number | null> {
  const inodes = await listeningInodes(socket);
  if (inodes.size === 0) return null;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((e) => /^\d+$/.test(e));
  for (const pid of pids) {
    const info = await commAndState(pid);
    if (info?.comm !== TMUX_SERVER_COMM || !STOPPED_STATES.has(info.state)) continue;
    if (await holdsInode(pid, inodes)) return Number(pid);
  }
  return null;
}

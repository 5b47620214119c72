/**
 * A pane's process tree as /proc shows it (Linux): the pane's process and
 * its descendants breadth-first, each with its argv and any LOOPWATCH_AGENT
 * in its environment. Bounded in count and depth; where /proc is missing
 * (macOS) the tree is empty and identification falls back to tmux's
 * pane_current_command.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { ProcessInfo } from './identify';

/** Processes looked at per pane: an agent is near the top of its pane's tree. */
export const MAX_PANE_PROCESSES = 32;
/** Levels below the pane's process (shell → npx → node → native binary). */
export const MAX_DEPTH = 5;
/** Bytes of an environment read: LOOPWATCH_AGENT is found or the environment is unusual. */
const MAX_ENVIRON_BYTES = 256 * 1024;
const HINT = 'LOOPWATCH_AGENT=';

/** One scan of /proc serves every pane identified within this time (start-up reads them all). */
const TABLE_TTL_MS = 1_000;
/**
 * /proc files open at once in a scan: a busy machine has thousands of
 * processes, and reading them all at once ran out of file descriptors
 * (EMFILE) with 500 panes asking for fresh scans together.
 */
const SCAN_CONCURRENCY = 32;
let table: { at: number; children: Promise<Map<number, number[]>> } | null = null;
/** The scan running now, and the one that follows it for every fresh request made meanwhile. */
let running: Promise<Map<number, number[]>> | null = null;
let following: Promise<Map<number, number[]>> | null = null;

/** Parent → children of every process, from /proc/PID/stat (the kernel's `children` files are often compiled out). */
async function scanChildren(): Promise<Map<number, number[]>> {
  const children = new Map<number, number[]>();
  const names = (await readdir('/proc').catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++]!;
      const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
      if (!stat) continue;
      // Fields after the command name (which may hold spaces and parens): state, then ppid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!Number.isInteger(ppid)) continue;
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    }
  };
  await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
  for (const list of children.values()) list.sort((a, b) => a - b);
  return children;
}

/** A scan that starts now, or (one is running) the single scan that starts after it. */
function newScan(): Promise<Map<number, number[]>> {
  if (following) return following;
  const start = (): Promise<Map<number, number[]>> => {
    const scan = scanChildren();
    running = scan;
    table = { at: Date.now(), children: scan };
    void scan.finally(() => {
      if (running === scan) running = null;
    });
    return scan;
  };
  if (!running) return start();
  // Requests made during a scan may ask about processes it already passed: they share the next.
  following = running.then(
    () => {
      following = null;
      return start();
    },
    () => {
      following = null;
      return start();
    },
  );
  return following;
}

function childrenTable(fresh: boolean): Promise<Map<number, number[]>> {
  if (fresh || !table || Date.now() - table.at > TABLE_TTL_MS) return newScan();
  return table.children;
}

async function argvOf(pid: number): Promise<string[] | null> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (raw === null || raw === '') return null;
  return raw.replace(/\0$/, '').split('\0');
}

/** LOOPWATCH_AGENT from a process's environment (ours to read: same user), or null. */
export async function hintOf(pid: number): Promise<string | null> {
  const raw = await readFile(`/proc/${pid}/environ`).catch(() => null);
  if (!raw) return null;
  const text = raw.subarray(0, MAX_ENVIRON_BYTES).toString('utf8');
  for (const entry of text.split('\0')) {
    if (entry.startsWith(HINT)) {
      const value = entry.slice(HINT.length).trim().toLowerCase();
      return /^[a-z0-9][a-z0-9-]{0,31}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** @param fresh scan /proc now (a pane's program just changed: a scan from before may miss it) */
export async function paneProcesses(panePid: number, fresh = false): Promise<ProcessInfo[]> {
  const children = await childrenTable(fresh);
  const out: ProcessInfo[] = [];
  let level = [panePid];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth += 1) {
    const next: number[] = [];
    for (const pid of level) {
      if (out.length >= MAX_PANE_PROCESSES) return out;
      const argv = await argvOf(pid);
      if (!argv) continue;
      out.push({ pid, argv, hint: await hintOf(pid) });
      if (depth < MAX_DEPTH) next.push(...(children.get(pid) ?? []));
    }
    level = next;
  }
  return out;
}

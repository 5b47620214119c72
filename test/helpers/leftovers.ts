/**
 * Find (and end) what tests left behind in sandbox dirs: tmux processes;
 * for the remote-host tests also ssh clients, ssh connection masters, sshd
 * and the lab's network namespaces (test/helpers/netns.ts).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { destroyNetns, NETNS_PREFIX } from './netns';
import { sandboxRunPrefix } from './sandbox';

const run = promisify(execFile);

/** Does this process belong to a test sandbox (by its arguments or its TMUX_TMPDIR)? */
async function fromSandbox(pid: number, args: string, prefix: string): Promise<boolean> {
  if (args.includes(`/${prefix}`)) return true;
  const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
  return environ.split('\0').some((v) => v.startsWith('TMUX_TMPDIR=') && v.includes(`/${prefix}`));
}

/** Kill this run's leftover tmux processes; returns what was found. */
export async function killLeftoverTmuxServers(prefix = sandboxRunPrefix()): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,stat=,args=']).catch(() => ({ stdout: '' }));
  const leftovers: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, pidText = '', stat = '', args = ''] = match;
    // Zombies are already dead (only their parent's bookkeeping remains).
    if (!/tmux/.test(args) || stat.startsWith('Z')) continue;
    const pid = Number(pidText);
    if (!(await fromSandbox(pid, args, prefix))) continue;
    leftovers.push(line.trim());
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return leftovers;
}

/** Programs of the remote-host lab (by /proc/PID/comm): the ssh client, its masters, sshd. */
const SSH_PROGRAMS = new Set(['ssh', 'sshd']);

/**
 * Kill this run's leftover ssh clients, ssh connection masters (renamed
 * `ssh: PATH [mux]`, found by their TMUX_TMPDIR) and sshd; returns what was found.
 */
export async function killLeftoverSshProcesses(prefix = sandboxRunPrefix()): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,stat=,args=']).catch(() => ({ stdout: '' }));
  const leftovers: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, pidText = '', state = '', args = ''] = match;
    if (state.startsWith('Z')) continue;
    const pid = Number(pidText);
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
    if (!SSH_PROGRAMS.has(comm) || !(await fromSandbox(pid, args, prefix))) continue;
    leftovers.push(line.trim());
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return leftovers;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Delete this run's lab namespaces whose maker is gone (a lab not cleaned
 * up); returns their names. Another run's (another tag) are never touched.
 */
export async function removeLeftoverNamespaces(
  runTag = process.env.LOOPWATCH_TEST_RUN ?? 'adhoc',
): Promise<string[]> {
  const names = await readdir('/run/netns').catch(() => [] as string[]);
  const leftovers: string[] = [];
  for (const name of names) {
    const [maker, tag] =
      new RegExp(`^${NETNS_PREFIX}(\\d+)-(.+)-[^-]+$`).exec(name)?.slice(1) ?? [];
    if (maker === undefined || tag !== runTag || alive(Number(maker))) continue;
    leftovers.push(name);
    await destroyNetns(name);
  }
  return leftovers;
}

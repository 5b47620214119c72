/** Find (and end) tmux processes that tests left behind in sandbox dirs. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
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

/** Find (and end) tmux servers that tests left behind in sandbox dirs. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SANDBOX_PREFIX } from './sandbox';

const run = promisify(execFile);

export async function killLeftoverTmuxServers(): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']).catch(() => ({ stdout: '' }));
  const leftovers = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /tmux/.test(line) && line.includes(`/${SANDBOX_PREFIX}`));
  for (const line of leftovers) {
    const pid = Number(line.split(/\s+/)[0]);
    if (Number.isInteger(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  return leftovers;
}

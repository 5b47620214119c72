/** Processes of a lab sandbox still running after its tmux server was killed. */
import { readdir, readFile } from 'node:fs/promises';

/**
 * Kill every process whose environment points into `root` (the panes'
 * programs inherit the sandbox's TMUX_TMPDIR); returns what was found.
 */
export function killLabLeftovers(root: string): Promise<string[]> {
  return killByEnv((v) => v.startsWith(`TMUX_TMPDIR=${root}/`));
}

/**
 * Kill every process whose HOME is `home`: an agent's own helpers that
 * outlive it (Codex 0.171 starts a background app-server daemon).
 */
export function killByHome(home: string): Promise<string[]> {
  return killByEnv((v) => v === `HOME=${home}`);
}

async function killByEnv(matches: (variable: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (!environ.split('\0').some(matches)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Zombies are already dead: only their parent's bookkeeping remains.
    if (/^\d+ \(.*\) Z /.test(stat)) continue;
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(
      /\0/g,
      ' ',
    );
    found.push(`${pid} ${cmdline.trim()}`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return found;
}

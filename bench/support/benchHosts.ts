/**
 * Remote hosts for the benches, for real (test/helpers/netns.ts: network
 * namespaces with their own sshd and tmux; needs root): `count` hosts named
 * h0, h1, ..., each with `idleSessions` sessions on its default tmux server
 * that wait for a line (Enter exits them 0), with remain-on-exit on so an
 * ended pane stays to be read. The hosts bench adds its event sessions to
 * these; the detection bench only attaches them to the supervisor.
 */
import { createHostLab, type HostLab } from '../../test/helpers/netns';

/** What an idle session runs: it waits, costing nothing, until Enter. */
export const IDLE_COMMAND = 'read line; exit 0';
/** Sessions created per tmux process (one argv, commands separated by ";"). */
const CREATE_BATCH = 25;

export interface BenchHosts {
  lab: HostLab;
  names: string[];
}

export async function createBenchHosts(count: number, idleSessions: number): Promise<BenchHosts> {
  // The first session starts the server; remain-on-exit is set on it after that.
  if (idleSessions < 1) throw new Error('each bench host needs at least one idle session');
  const names = Array.from({ length: count }, (_, i) => `h${i}`);
  const lab = await createHostLab(names.map((name) => ({ name })));
  try {
    for (const host of names) {
      for (let first = 0; first < idleSessions; first += CREATE_BATCH) {
        const args: string[] = [];
        for (let i = first; i < Math.min(idleSessions, first + CREATE_BATCH); i++) {
          if (args.length > 0) args.push(';');
          args.push('new-session', '-d', '-s', `s${i}`, IDLE_COMMAND);
          if (i === 0) args.push(';', 'set-option', '-g', 'remain-on-exit', 'on');
        }
        await lab.tmux(host, args);
      }
    }
  } catch (error) {
    await lab.cleanup();
    throw error;
  }
  return { lab, names };
}

/** The CLI flags that attach these hosts (`watch`, `list`, `serve`). */
export function hostFlags({ lab, names }: BenchHosts): string[] {
  return ['--ssh-config', lab.sshConfig, ...names.flatMap((name) => ['--host', `${name}=${name}`])];
}

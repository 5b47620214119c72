/**
 * Is a host usable right now: one command over a fresh look (`tmux -V`),
 * with the same strict options as the background. The answer is its health.
 */
import type { HostHealth } from '../../../preload/contract';
import type { Env } from '../paths';
import { HostConnection, RemoteCommandError } from './hostConnection';
import type { HostSpec } from './hostSpec';
import { HostConnectionError } from './sshErrors';
import { ONE_SHOT_SSH } from './hostScan';

export async function checkHost(host: HostSpec, env: Env): Promise<HostHealth> {
  const connection = new HostConnection(host, ONE_SHOT_SSH, env);
  const at = new Date().toISOString();
  const base = { name: host.name, destination: host.destination, since: at, checkedAt: at };
  try {
    const version = (await connection.runRemote(['tmux', '-V'])).trim();
    return { ...base, state: 'up', reason: null, tmuxVersion: version };
  } catch (error) {
    if (error instanceof HostConnectionError)
      return { ...base, state: error.problem, reason: error.message, tmuxVersion: null };
    if (error instanceof RemoteCommandError)
      return {
        ...base,
        state: 'unreachable',
        reason: 'tmux is not installed on the host (or not on its PATH)',
        tmuxVersion: null,
      };
    throw error;
  }
}

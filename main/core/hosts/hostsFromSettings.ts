/**
 * The remote hosts the settings list, as the supervisor takes them: each
 * host's own ssh config file, else the caller's (`--ssh-config`), else the
 * settings' global one. The app, `serve` and the one-shot commands share it.
 */
import type { Settings } from '../../../preload/contract';
import type { HostSpec } from './hostSpec';

export function hostsFromSettings(
  settings: Pick<Settings, 'hosts' | 'sshConfig'>,
  sshConfig: string | null = null,
): HostSpec[] {
  return settings.hosts.map((h) => ({
    name: h.name,
    destination: h.destination,
    sshConfig: h.sshConfig ?? sshConfig ?? settings.sshConfig,
    sockets: h.sockets,
    projectRoots: h.projectRoots,
  }));
}

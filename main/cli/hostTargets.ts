/**
 * Which remote hosts a command looks at: the hosts in the settings file
 * (what `loopwatch hosts add` wrote) plus `--host NAME=DEST` flags (a flag
 * replaces a saved host of the same name), with the ssh config file from
 * the host's own setting, else `--ssh-config`, else the settings' global one.
 */
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Settings } from '../../preload/contract';
import { mergeHosts, parseHostFlag, type HostSpec } from '../core/hosts/hostSpec';
import { loopwatchConfigDir } from '../core/paths';
import { loadSettingsFile } from '../shell/settings/settingsFile';
import type { CliIo } from './io';
import { UsageError } from './usage';

export const HOST_OPTIONS = {
  host: { type: 'string' as const, multiple: true as const, default: [] as string[] },
  'ssh-config': { type: 'string' as const },
};

/** The settings file `serve`, `hosts` and the one-shot commands share. */
export function cliSettingsFile(env: CliIo['env']): string {
  return join(loopwatchConfigDir(env), 'settings.json');
}

/** The saved settings (defaults when there is no file); a problem with the file is told on stderr. */
export async function readCliSettings(io: CliIo): Promise<Settings> {
  const loaded = await loadSettingsFile(cliSettingsFile(io.env));
  if (loaded.notice) io.err(`loopwatch: ${loaded.notice}\n`);
  return loaded.settings;
}

/** An ssh config file the user named: absolute, and it must exist (ssh -F would fail on every host). */
export async function sshConfigFlag(value: string | undefined, io: CliIo): Promise<string | null> {
  if (value === undefined) return null;
  const path = resolve(io.cwd ?? process.cwd(), value);
  try {
    await access(path);
  } catch {
    throw new UsageError(`--ssh-config ${JSON.stringify(value)}: no such file`);
  }
  return path;
}

export function hostsFromSettings(settings: Settings, sshConfig: string | null): HostSpec[] {
  return settings.hosts.map((h) => ({
    name: h.name,
    destination: h.destination,
    sshConfig: h.sshConfig ?? sshConfig ?? settings.sshConfig,
    sockets: h.sockets,
    projectRoots: h.projectRoots,
  }));
}

export async function hostsFrom(
  values: { host: string[]; 'ssh-config'?: string | undefined },
  io: CliIo,
): Promise<HostSpec[]> {
  const settings = await readCliSettings(io);
  const sshConfig = await sshConfigFlag(values['ssh-config'], io);
  const flagged = values.host.map((value) => {
    try {
      return parseHostFlag(value, sshConfig ?? settings.sshConfig);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  });
  return mergeHosts(hostsFromSettings(settings, sshConfig), flagged);
}

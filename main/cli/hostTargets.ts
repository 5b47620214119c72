/**
 * Which remote hosts a command looks at: the hosts in the settings file
 * (what `loopwatch hosts add` wrote) plus `--host NAME=DEST` flags (a flag
 * replaces a saved host of the same name), with the ssh config file from
 * the host's own setting, else `--ssh-config`, else the settings' global one.
 */
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SettingsSchema, type Settings } from '../../preload/contract';
import { mergeHosts, parseHostFlag, type HostSpec } from '../core/hosts/hostSpec';
import { hostsFromSettings } from '../core/hosts/hostsFromSettings';
import { loopwatchConfigDir } from '../core/paths';
import { parseJson, readTextFile } from '../core/files/readBounded';
import { MAX_SETTINGS_BYTES } from '../shell/settings/settingsFile';
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

/**
 * The saved hosts and ssh config, read only: a one-shot command never moves
 * or rewrites the settings file (that is `serve`'s and `hosts add`'s
 * business); a file it cannot use gives no hosts and a note on stderr.
 */
export async function readCliSettings(io: CliIo): Promise<Pick<Settings, 'hosts' | 'sshConfig'>> {
  const file = cliSettingsFile(io.env);
  const none = { hosts: [], sshConfig: null };
  const read = await readTextFile(file, MAX_SETTINGS_BYTES);
  if (!read.ok) {
    if (!read.missing) io.err(`loopwatch: hosts not read from ${file}: ${read.error}\n`);
    return none;
  }
  const parsed = parseJson(read.text, `The settings file ${file}`);
  const raw = parsed.ok ? (parsed.value as Record<string, unknown> | null) : null;
  const hosts = SettingsSchema.shape.hosts.safeParse(raw?.hosts ?? []);
  const sshConfig = SettingsSchema.shape.sshConfig.safeParse(raw?.sshConfig ?? null);
  if (!parsed.ok || !hosts.success || !sshConfig.success) {
    io.err(
      `loopwatch: hosts not read from ${file}: ${parsed.ok ? 'invalid hosts or sshConfig' : parsed.error}\n`,
    );
    return none;
  }
  return { hosts: hosts.data, sshConfig: sshConfig.data };
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

export { hostsFromSettings };

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

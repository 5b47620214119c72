/**
 * `loopwatch hosts add|remove|list|check`: the remote hosts Loopwatch
 * watches over ssh, kept in the settings file (`hosts`). Adding or checking
 * a host connects to it once; a host key never seen before is shown with
 * its fingerprints and accepted only on a yes (or `--accept-new-host-key`).
 */
import { parseArgs } from 'node:util';
import type { HostHealth, HostSetting } from '../../../preload/contract';
import { checkHost } from '../../core/hosts/checkHost';
import { acceptKeys, offeredKeys, resolveSshTarget } from '../../core/hosts/hostKey';
import { destinationProblem, hostNameProblem, type HostSpec } from '../../core/hosts/hostSpec';
import { loadSettingsFile, writeJsonAtomic } from '../../shell/settings/settingsFile';
import { confirm } from '../confirm';
import { cliSettingsFile, hostsFromSettings, readCliSettings, sshConfigFlag } from '../hostTargets';
import type { CliIo } from '../io';
import { hostLine } from './list';
import { UsageError } from '../usage';

/** Replace the saved hosts, keeping every other setting (and unknown keys) as they were. */
async function saveHosts(io: CliIo, hosts: HostSetting[]): Promise<void> {
  const file = cliSettingsFile(io.env);
  const loaded = await loadSettingsFile(file);
  if (!loaded.writable) throw new Error(loaded.notice ?? `cannot write ${file}`);
  await writeJsonAtomic(file, { ...loaded.extras, ...loaded.settings, hosts });
}

/**
 * Connect once; on an unknown host key show the fingerprints and ask
 * (or accept with the flag), then connect again. A changed key is never
 * replaced here: that is for the user to look into.
 */
async function checkAndMaybeAccept(
  host: HostSpec,
  io: CliIo,
  acceptNew: boolean,
): Promise<HostHealth> {
  const health = await checkHost(host, io.env);
  if (health.state !== 'host-key' || !/not known/.test(health.reason ?? '')) return health;
  const target = await resolveSshTarget(host, io.env);
  const keys = await offeredKeys(target);
  if (keys.lines.length === 0)
    return { ...health, reason: 'host key not known, and the host offered none' };
  io.err(
    `The host key of ${host.name} (${target.knownName}) is not known. Its fingerprints:\n` +
      keys.fingerprints.map((f) => `  ${f}\n`).join(''),
  );
  const answer = await confirm(io, 'Trust this host key?', acceptNew);
  if (answer !== 'yes') {
    io.err(
      answer === 'no'
        ? 'Host key not accepted.\n'
        : 'Host key not accepted: no terminal to ask on; pass --accept-new-host-key after comparing the fingerprints.\n',
    );
    return health;
  }
  const file = await acceptKeys(target, keys);
  io.err(`Added ${keys.lines.length} key(s) for ${target.knownName} to ${file}.\n`);
  return checkHost(host, io.env);
}

async function addHost(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'ssh-config': { type: 'string' },
      socket: { type: 'string', multiple: true, default: [] },
      'project-root': { type: 'string', multiple: true, default: [] },
      'accept-new-host-key': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 2)
    throw new UsageError('hosts add takes NAME DEST (e.g. gpu me@gpu.example)');
  const [name, destination] = positionals as [string, string];
  const problem = hostNameProblem(name) ?? destinationProblem(destination);
  if (problem) throw new UsageError(problem);
  for (const path of [...values.socket, ...values['project-root']])
    if (!path.startsWith('/'))
      throw new UsageError(`${JSON.stringify(path)}: paths on a host must be absolute`);
  const settings = await readCliSettings(io);
  const setting: HostSetting = {
    name,
    destination,
    sshConfig: await sshConfigFlag(values['ssh-config'], io),
    sockets: values.socket,
    projectRoots: values['project-root'],
  };
  const [spec] = hostsFromSettings({ ...settings, hosts: [setting] }, null);
  const health = await checkAndMaybeAccept(spec!, io, values['accept-new-host-key']);
  const existed = settings.hosts.some((h) => h.name === name);
  await saveHosts(io, [...settings.hosts.filter((h) => h.name !== name), setting]);
  if (values.json) io.out(`${JSON.stringify(health, null, 2)}\n`);
  else io.out(`${existed ? 'Updated' : 'Added'} host ${name}.\n${hostLine(health)}\n`);
  return health.state === 'up' ? 0 : 1;
}

async function removeHost(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('hosts remove takes one NAME');
  const settings = await readCliSettings(io);
  const name = positionals[0]!;
  if (!settings.hosts.some((h) => h.name === name)) {
    io.err(`loopwatch hosts: no host named ${JSON.stringify(name)}\n`);
    return 1;
  }
  await saveHosts(
    io,
    settings.hosts.filter((h) => h.name !== name),
  );
  io.out(`Removed host ${name}.\n`);
  return 0;
}

async function listHosts(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
  });
  const settings = await readCliSettings(io);
  if (values.json) io.out(`${JSON.stringify(settings.hosts, null, 2)}\n`);
  else if (settings.hosts.length === 0)
    io.out('No hosts. Add one: loopwatch hosts add NAME DEST\n');
  else
    io.out(
      settings.hosts
        .map((h) => `${h.name}\t${h.destination}${h.sshConfig ? `\t-F ${h.sshConfig}` : ''}\n`)
        .join(''),
    );
  return 0;
}

async function checkHosts(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'ssh-config': { type: 'string' },
      'accept-new-host-key': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const settings = await readCliSettings(io);
  const all = hostsFromSettings(settings, await sshConfigFlag(values['ssh-config'], io));
  const unknown = positionals.filter((n) => !all.some((h) => h.name === n));
  if (unknown.length > 0)
    throw new UsageError(`no host named ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  const chosen = positionals.length > 0 ? all.filter((h) => positionals.includes(h.name)) : all;
  const results: HostHealth[] = [];
  // One at a time: a host-key question must not interleave with another's.
  for (const host of chosen)
    results.push(await checkAndMaybeAccept(host, io, values['accept-new-host-key']));
  if (values.json) io.out(`${JSON.stringify(results, null, 2)}\n`);
  else io.out(results.length === 0 ? 'No hosts.\n' : `${results.map(hostLine).join('\n')}\n`);
  return results.every((h) => h.state === 'up') ? 0 : 1;
}

export async function hostsCommand(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'add':
      return addHost(rest, io);
    case 'remove':
      return removeHost(rest, io);
    case 'list':
      return listHosts(rest, io);
    case 'check':
      return checkHosts(rest, io);
    default:
      throw new UsageError('hosts takes add, remove, list or check');
  }
}

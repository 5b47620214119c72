/**
 * Which machine a CLI action (kill, start, ...) acts on: `HOST:NAME` (tmux
 * never puts a `:` in a session name, so the prefix is always a host), or
 * the one host given with `--host` (a saved host's NAME, or NAME=DEST),
 * else this machine. The action's context then reaches that host over a
 * short-lived shared ssh connection (closed a few seconds after the last use).
 */
import type { ActionContext } from '../core/actions/context';
import { HostConnection } from '../core/hosts/hostConnection';
import { ONE_SHOT_SSH } from '../core/hosts/hostScan';
import { hostNameProblem, type HostSpec } from '../core/hosts/hostSpec';
import { hostsFrom, readCliSettings } from './hostTargets';
import type { CliIo } from './io';
import { UsageError } from './usage';

export interface ActionTarget {
  /** The session (or run) name, without its host prefix. */
  name: string;
  /** The host it is on; null: this machine. */
  host: string | null;
  /** For the action's context: the host's connection by name. */
  hosts: ActionContext['hosts'];
}

export async function actionTarget(
  target: string,
  values: { host: string[]; 'ssh-config'?: string | undefined },
  io: CliIo,
): Promise<ActionTarget> {
  // A bare --host NAME picks a saved host; NAME=DEST defines one for this command.
  const picked = values.host.filter((h) => !h.includes('='));
  for (const name of picked) {
    const problem = hostNameProblem(name);
    if (problem) throw new UsageError(`--host ${JSON.stringify(name)}: ${problem}`);
  }
  const known: HostSpec[] = await hostsFrom(
    { host: values.host.filter((h) => h.includes('=')), 'ssh-config': values['ssh-config'] },
    io,
  );
  const colon = target.indexOf(':');
  const prefixed = colon > 0 ? target.slice(0, colon) : null;
  const name = prefixed === null ? target : target.slice(colon + 1);
  let host: string | null = prefixed;
  if (host === null && values.host.length === 1) host = values.host[0]!.split('=')[0]!;
  if (host === null && values.host.length > 1)
    throw new UsageError('several --host given: say which with HOST:NAME');
  if (name === '') throw new UsageError(`${JSON.stringify(target)} names no session`);
  if (host !== null && !known.some((h) => h.name === host)) {
    const saved = (await readCliSettings(io)).hosts.map((h) => h.name);
    throw new UsageError(
      `no host named ${JSON.stringify(host)} (known: ${saved.join(', ') || 'none'}; add one with \`loopwatch hosts add\` or --host NAME=DEST)`,
    );
  }
  return { name, host, hosts: connectionsTo(known, io) };
}

/** Connections to `known` hosts by name, each made on first use. */
export function connectionsTo(known: readonly HostSpec[], io: CliIo): ActionContext['hosts'] {
  const connections = new Map<string, HostConnection>();
  return (name) => {
    const spec = known.find((h) => h.name === name);
    if (!spec) return null;
    let connection = connections.get(name);
    if (!connection) {
      connection = new HostConnection(spec, ONE_SHOT_SSH, io.env);
      connections.set(name, connection);
    }
    return connection;
  };
}

/** Every known host (saved and flagged) by name, for commands that may act on any (restore). */
export async function knownHostConnections(
  values: { host: string[]; 'ssh-config'?: string | undefined },
  io: CliIo,
): Promise<ActionContext['hosts']> {
  return connectionsTo(await hostsFrom(values, io), io);
}

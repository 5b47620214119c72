import { parseArgs } from 'node:util';
import type { Snapshot, Transition } from '../../../preload/contract';
import { HostWatcher } from '../../core/hosts/hostWatcher';
import { Supervisor } from '../../core/supervisor';
import { transitionLine } from '../describe';
import type { CliIo } from '../io';
import { HOST_OPTIONS, hostsFrom } from '../hostTargets';
import { TARGET_OPTIONS, targetsFrom } from '../targets';
import { hostLine, renderList } from './list';

/**
 * `loopwatch watch [--json]`: the live supervisor in a terminal. First the
 * current state (with --json: one Snapshot line), then one line per status
 * transition (with --json: one Transition object per line) until interrupted.
 */
export async function watchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, ...TARGET_OPTIONS, ...HOST_OPTIONS },
    strict: true,
    allowPositionals: false,
  });
  const supervisor = new Supervisor({ env: io.env, ...targetsFrom(values) });
  const hosts = (await hostsFrom(values, io)).map((host) => new HostWatcher(host, io.env));
  try {
    // Each host on its own: a dead one delays start-up by its bounded first look at most.
    await Promise.all([supervisor.start(), ...hosts.map((h) => h.start())]);
    const snapshot = withHosts(supervisor.snapshot(), hosts);
    io.out(values.json ? `${JSON.stringify(snapshot)}\n` : renderList(snapshot, Date.now()));
    if (!values.json && supervisor.hookError) io.err(`loopwatch watch: ${supervisor.hookError}\n`);
    const print = (t: Transition): void => {
      io.out(values.json ? `${JSON.stringify(t)}\n` : transitionLine(t));
    };
    supervisor.on('transition', print);
    for (const host of hosts) {
      host.on('transition', print);
      if (!values.json) host.on('health', (h) => io.out(`${hostLine(h).trim()}\n`));
    }
    await io.untilInterrupted();
  } finally {
    supervisor.dispose();
    await Promise.all(hosts.map((h) => h.dispose()));
  }
  return 0;
}

/** The local snapshot with every host's sessions, servers and health beside it. */
function withHosts(snapshot: Snapshot, hosts: readonly HostWatcher[]): Snapshot {
  if (hosts.length === 0) return snapshot;
  return {
    ...snapshot,
    servers: [...snapshot.servers, ...hosts.flatMap((h) => h.servers())],
    sessions: [...snapshot.sessions, ...hosts.flatMap((h) => h.sessions())],
    hosts: hosts.map((h) => h.health),
  };
}

import { parseArgs } from 'node:util';
import { SESSION_STATUSES, type HostHealth, type Snapshot } from '../../../preload/contract';
import { snapshotWithHosts } from '../../core/hosts/snapshotWithHosts';
import type { CliIo } from '../io';
import { HOST_OPTIONS, hostsFrom } from '../hostTargets';
import { compareLikeDashboard, filterForList, renderTable, type ListLayout } from '../listView';
import { TARGET_OPTIONS, targetsFrom } from '../targets';
import { UsageError } from '../usage';

export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      status: { type: 'string', multiple: true, default: [] },
      agent: { type: 'string', multiple: true, default: [] },
      ...TARGET_OPTIONS,
      ...HOST_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  const split = (list: string[]): string[] => list.flatMap((v) => v.split(',')).filter(Boolean);
  // `--host NAME=DEST` adds a remote host to look at (issue 17); `--host NAME` (no `=`) keeps
  // only the sessions on that host or tmux server (issue 15's filter).
  const hostFlags = values.host.filter((v) => v.includes('='));
  const filters = {
    statuses: split(values.status),
    agents: split(values.agent),
    hosts: split(values.host.filter((v) => !v.includes('='))),
  };
  const unknown = filters.statuses.filter(
    (s) => !(SESSION_STATUSES as readonly string[]).includes(s),
  );
  if (unknown.length > 0) {
    throw new UsageError(
      `--status takes ${SESSION_STATUSES.join(', ')}; not ${unknown.map((u) => JSON.stringify(u)).join(', ')}`,
    );
  }
  const snapshot = await snapshotWithHosts({
    env: io.env,
    ...targetsFrom(values),
    hosts: await hostsFrom({ ...values, host: hostFlags }, io),
  });
  const sessions = filterForList(snapshot.sessions, filters);
  if (values.json) {
    io.out(`${JSON.stringify({ ...snapshot, sessions }, null, 2)}\n`);
    return 0;
  }
  const columns = Number(io.env.COLUMNS) || (io.outTty ? (io.outColumns ?? null) : null);
  const colour = io.outTty === true && !io.env.NO_COLOR;
  io.out(renderList({ ...snapshot, sessions }, Date.now(), { columns, colour }));
  return 0;
}

export function renderList(
  snapshot: Snapshot,
  nowMs: number,
  layout: ListLayout = { columns: null, colour: false },
): string {
  // The HOST column only once a remote host is configured; "local" is left blank.
  const withHosts = (snapshot.hosts?.length ?? 0) > 0;
  let text =
    snapshot.sessions.length === 0
      ? 'No sessions found.\n'
      : renderTable([...snapshot.sessions].sort(compareLikeDashboard), nowMs, layout, withHosts);
  const problems = snapshot.servers.filter((s) => s.state !== 'up');
  if (problems.length > 0) {
    text += `\nServers not answering:\n${problems.map((s) => `  ${s.host ? `${s.host}:` : ''}${s.socket}: ${s.error ?? s.state}`).join('\n')}\n`;
  }
  // Up, with something to say (its socket file missing).
  const notes = snapshot.servers.filter((s) => s.state === 'up' && s.error);
  if (notes.length > 0) {
    text += `\nServers:\n${notes.map((s) => `  ${s.socket}: ${s.error}`).join('\n')}\n`;
  }
  // Input dropped or unreadable, per source: never silent.
  const sources = snapshot.sources ?? [];
  if (sources.length > 0) {
    const line = (x: (typeof sources)[number]): string =>
      `  ${x.source}: ${x.message}${x.count > 1 ? ` (${x.count} times)` : ''}`;
    text += `\nSources with problems:\n${sources.map(line).join('\n')}\n`;
  }
  if (withHosts) text += `\nHosts:\n${(snapshot.hosts ?? []).map(hostLine).join('\n')}\n`;
  return text;
}

/** One host's health for people: `gpu (me@gpu): up, tmux 3.3a` or why not since when. */
export function hostLine(host: HostHealth): string {
  const head = `  ${host.name} (${host.destination}): `;
  if (host.state === 'up') return `${head}up${host.tmuxVersion ? `, ${host.tmuxVersion}` : ''}`;
  const since = host.since.slice(11, 16);
  const word = host.state === 'unreachable' ? `unreachable since ${since} UTC` : host.state;
  return `${head}${word}: ${host.reason ?? ''}`;
}

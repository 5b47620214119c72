import { parseArgs } from 'node:util';
import type { HostHealth, Snapshot } from '../../../preload/contract';
import { snapshotWithHosts } from '../../core/hosts/snapshotWithHosts';
import { cell, flagList, lockSummary, paneSummary, progress } from '../describe';
import { ago, table } from '../format';
import type { CliIo } from '../io';
import { HOST_OPTIONS, hostsFrom } from '../hostTargets';
import { TARGET_OPTIONS, targetsFrom } from '../targets';

/** Widest reason shown in the table; `status NAME` shows it whole. */
const REASON_WIDTH = 60;

export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, ...TARGET_OPTIONS, ...HOST_OPTIONS },
    strict: true,
    allowPositionals: false,
  });
  const snapshot = await snapshotWithHosts({
    env: io.env,
    ...targetsFrom(values),
    hosts: await hostsFrom(values, io),
  });
  io.out(values.json ? `${JSON.stringify(snapshot, null, 2)}\n` : renderList(snapshot, Date.now()));
  return 0;
}

export function renderList(snapshot: Snapshot, nowMs: number): string {
  // The HOST column only once a remote host is configured; "local" is left blank.
  const withHosts = (snapshot.hosts?.length ?? 0) > 0;
  const rows = [...snapshot.sessions]
    .sort(
      (a, b) =>
        (a.host ?? '').localeCompare(b.host ?? '') ||
        (a.socket ?? '').localeCompare(b.socket ?? '') ||
        a.name.localeCompare(b.name),
    )
    .map((s) => [
      ...(withHosts ? [s.host ?? ''] : []),
      s.displayName,
      s.source,
      s.agent ?? '-',
      s.status,
      cell(s.reason, REASON_WIDTH),
      flagList(s),
      progress(s),
      lockSummary(s),
      s.socket ?? '-',
      ago(s.createdAt, nowMs),
      String(s.attachedClients),
      String(s.windows),
      s.panes.map(paneSummary).join(', '),
    ]);
  let text =
    rows.length === 0
      ? 'No sessions found.\n'
      : table(
          [
            ...(withHosts ? ['HOST'] : []),
            'SESSION',
            'SOURCE',
            'AGENT',
            'STATUS',
            'REASON',
            'FLAGS',
            'ITERATION',
            'LOCK',
            'SERVER',
            'CREATED',
            'ATTACHED',
            'WINDOWS',
            'PANES',
          ],
          rows,
        );
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

import { parseArgs } from 'node:util';
import { SESSION_STATUSES, type Snapshot } from '../../../preload/contract';
import { snapshotOnce } from '../../core/snapshotOnce';
import type { CliIo } from '../io';
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
      host: { type: 'string', multiple: true, default: [] },
      ...TARGET_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  const split = (list: string[]): string[] => list.flatMap((v) => v.split(',')).filter(Boolean);
  const filters = {
    statuses: split(values.status),
    agents: split(values.agent),
    hosts: split(values.host),
  };
  const unknown = filters.statuses.filter(
    (s) => !(SESSION_STATUSES as readonly string[]).includes(s),
  );
  if (unknown.length > 0) {
    throw new UsageError(
      `--status takes ${SESSION_STATUSES.join(', ')}; not ${unknown.map((u) => JSON.stringify(u)).join(', ')}`,
    );
  }
  const snapshot = await snapshotOnce({ env: io.env, ...targetsFrom(values) });
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
  let text =
    snapshot.sessions.length === 0
      ? 'No sessions found.\n'
      : renderTable([...snapshot.sessions].sort(compareLikeDashboard), nowMs, layout);
  const problems = snapshot.servers.filter((s) => s.state !== 'up');
  if (problems.length > 0) {
    text += `\nServers not answering:\n${problems.map((s) => `  ${s.socket}: ${s.error ?? s.state}`).join('\n')}\n`;
  }
  return text;
}

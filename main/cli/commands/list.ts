import { parseArgs } from 'node:util';
import type { Snapshot } from '../../../preload/contract';
import { snapshotOnce } from '../../core/snapshotOnce';
import { cell, flagList, lockSummary, paneSummary, progress } from '../describe';
import { ago, table } from '../format';
import type { CliIo } from '../io';
import { TARGET_OPTIONS, targetsFrom } from '../targets';

/** Widest reason shown in the table; `status NAME` shows it whole. */
const REASON_WIDTH = 60;

export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, ...TARGET_OPTIONS },
    strict: true,
    allowPositionals: false,
  });
  const snapshot = await snapshotOnce({ env: io.env, ...targetsFrom(values) });
  io.out(values.json ? `${JSON.stringify(snapshot, null, 2)}\n` : renderList(snapshot, Date.now()));
  return 0;
}

export function renderList(snapshot: Snapshot, nowMs: number): string {
  const rows = [...snapshot.sessions]
    .sort((a, b) => (a.socket ?? '').localeCompare(b.socket ?? '') || a.name.localeCompare(b.name))
    .map((s) => [
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
    text += `\nServers not answering:\n${problems.map((s) => `  ${s.socket}: ${s.error ?? s.state}`).join('\n')}\n`;
  }
  return text;
}

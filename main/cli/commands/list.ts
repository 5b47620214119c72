import { parseArgs } from 'node:util';
import type { Pane, Snapshot } from '../../../preload/contract';
import { snapshotOnce } from '../../core/snapshotOnce';
import { ago, table } from '../format';
import type { CliIo } from '../io';

export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      socket: { type: 'string', multiple: true, default: [] },
    },
    strict: true,
    allowPositionals: false,
  });
  const snapshot = await snapshotOnce({ env: io.env, sockets: values.socket });
  io.out(values.json ? `${JSON.stringify(snapshot, null, 2)}\n` : renderList(snapshot, Date.now()));
  return 0;
}

function paneSummary(pane: Pane): string {
  const where = `${pane.windowIndex}.${pane.paneIndex}`;
  if (!pane.dead) return `${where} ${pane.pid ?? '?'}:${pane.currentCommand}`;
  const exit =
    pane.exitSignal !== null ? `signal ${pane.exitSignal}` : `exit ${pane.exitStatus ?? '?'}`;
  return `${where} dead(${exit})`;
}

export function renderList(snapshot: Snapshot, nowMs: number): string {
  const rows = [...snapshot.sessions]
    .sort((a, b) => (a.socket ?? '').localeCompare(b.socket ?? '') || a.name.localeCompare(b.name))
    .map((s) => [
      s.displayName,
      s.source,
      s.status,
      s.socket ?? '-',
      ago(s.createdAt, nowMs),
      String(s.attachedClients),
      String(s.windows),
      s.panes.map(paneSummary).join(', '),
    ]);
  let text =
    rows.length === 0
      ? 'No tmux sessions found.\n'
      : table(
          ['SESSION', 'SOURCE', 'STATUS', 'SERVER', 'CREATED', 'ATTACHED', 'WINDOWS', 'PANES'],
          rows,
        );
  const problems = snapshot.servers.filter((s) => s.state !== 'up');
  if (problems.length > 0) {
    text += `\nServers not answering:\n${problems.map((s) => `  ${s.socket}: ${s.error ?? s.state}`).join('\n')}\n`;
  }
  return text;
}

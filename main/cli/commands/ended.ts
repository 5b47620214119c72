/**
 * `loopwatch ended [--all] [--json]`: the ended sessions kept for review;
 * `loopwatch ended review NAME...|--all`: hide them (screen and log stay);
 * `loopwatch ended dispose NAME...|--all [--yes]`: delete their kept screen
 * and log, after a confirmation. A running Loopwatch follows the change.
 */
import { parseArgs } from 'node:util';
import { EndedSessions, endedRowId, type EndedRecord } from '../../core/keep/endedSessions';
import { SessionLogs } from '../../core/logs/sessionLogs';
import { loopwatchConfigDir } from '../../core/paths';
import { confirm, notConfirmed } from '../confirm';
import type { CliIo } from '../io';
import { UsageError } from '../usage';

function describe(record: EndedRecord): string {
  const s = record.session;
  const reviewed = record.reviewedAt ? ` (reviewed ${record.reviewedAt})` : '';
  return `${s.displayName}  ended ${record.endedAt}, was ${s.status}: ${s.reason}${reviewed}\n    id ${endedRowId(record.key)}${record.log ? `, log ${record.log}` : ''}`;
}

function pick(records: EndedRecord[], names: string[], all: boolean): EndedRecord[] {
  if (all) return records;
  return records.filter((r) =>
    names.some(
      (n) => n === r.session.name || n === r.session.displayName || n === endedRowId(r.key),
    ),
  );
}

export async function endedCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const [action, ...names] = positionals;
  const kept = new EndedSessions(loopwatchConfigDir(io.env));
  await kept.load();
  for (const problem of kept.problems) io.err(`warning: ${problem}\n`);
  const records = kept.all();
  if (action === undefined) {
    const shown = values.all ? records : records.filter((r) => !r.reviewedAt);
    if (values.json) io.out(`${JSON.stringify(shown, null, 2)}\n`);
    else if (shown.length === 0) io.out('No ended session waits for review.\n');
    else io.out(`${shown.map(describe).join('\n')}\n`);
    return 0;
  }
  if (action !== 'review' && action !== 'dispose')
    throw new UsageError('usage: loopwatch ended [review|dispose] [NAME...|--all] [--yes]');
  if (names.length === 0 && !values.all)
    throw new UsageError(`ended ${action} needs NAME... or --all`);
  const chosen = pick(
    action === 'review' ? records.filter((r) => !r.reviewedAt) : records,
    names,
    values.all,
  );
  if (chosen.length === 0) {
    io.err(
      `loopwatch ended: no ended session matches ${names.map((n) => JSON.stringify(n)).join(', ')}\n`,
    );
    return 1;
  }
  const ids = chosen.map((r) => endedRowId(r.key));
  if (action === 'review') {
    const count = kept.review(ids);
    await kept.settled();
    io.out(`${count} ended session(s) marked reviewed\n`);
    return 0;
  }
  io.out(`Dispose of (delete the kept screen and log of):\n${chosen.map(describe).join('\n')}\n`);
  const answer = await confirm(io, `Dispose of ${chosen.length} ended session(s)?`, values.yes);
  if (answer !== 'yes') return notConfirmed(io, answer, 'dispose');
  const logs = await new SessionLogs(io.env).load();
  const { count, removed } = await kept.dispose(ids, (file) => logs.idle(file));
  io.out(`${count} ended session(s) disposed of: ${removed.length} file(s) deleted\n`);
  return 0;
}

/**
 * `loopwatch nick NAME TEXT...`: give a session a name of your own (kept in
 * the marks file, shown and searchable in the dashboard, which picks it up
 * while open); `--clear` removes it.
 */
import { parseArgs } from 'node:util';
import { SessionMarksStore } from '../../api/dashboard/sessionMarks';
import { loopwatchConfigDir } from '../../core/paths';
import { snapshotOnce } from '../../core/snapshotOnce';
import { findSessions } from '../findSessions';
import type { CliIo } from '../io';
import { TARGET_OPTIONS, targetsFrom } from '../targets';
import { UsageError } from '../usage';
import { MAX_NICKNAME_CHARS } from '../../../preload/contract';

export async function nickCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { clear: { type: 'boolean', default: false }, ...TARGET_OPTIONS },
    strict: true,
    allowPositionals: true,
  });
  const [name, ...words] = positionals;
  if (name === undefined) throw new UsageError('nick takes a NAME and the nickname (or --clear)');
  const text = words.join(' ').replace(/\s+/g, ' ').trim();
  if (!values.clear && text === '')
    throw new UsageError('nick NAME TEXT: say the nickname, or --clear to remove it');
  if (text.length > MAX_NICKNAME_CHARS)
    throw new UsageError(`a nickname is at most ${MAX_NICKNAME_CHARS} characters`);
  const marks = new SessionMarksStore(loopwatchConfigDir(io.env));
  try {
    const current = await marks.get();
    const nicknames = new Map(
      current.marks.flatMap((m) => (m.nickname ? [[m.sessionId, m.nickname] as const] : [])),
    );
    const snapshot = await snapshotOnce({ env: io.env, ...targetsFrom(values) });
    const found = findSessions(snapshot.sessions, name, nicknames);
    if (found.length !== 1) {
      io.err(
        found.length === 0
          ? `loopwatch nick: no session named ${JSON.stringify(name)} (see \`loopwatch list\`)\n`
          : `loopwatch nick: ${JSON.stringify(name)} matches ${found.length} sessions; give SERVER:NAME or an id:\n${found.map((s) => `  ${s.id}`).join('\n')}\n`,
      );
      return 1;
    }
    const session = found[0]!;
    await marks.setNickname(session.id, values.clear ? null : text);
    await marks.flush();
    if (marks.writeError) {
      io.err(`loopwatch nick: ${marks.writeError}\n`);
      return 1;
    }
    io.out(
      values.clear
        ? `${session.name}: nickname removed\n`
        : `${session.name} is now also called ${JSON.stringify(text)}\n`,
    );
    return 0;
  } finally {
    await marks.dispose();
  }
}

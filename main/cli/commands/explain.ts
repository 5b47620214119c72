/**
 * `loopwatch explain NAME [--json]` and `loopwatch explain --file SCREEN.txt
 * [--agent NAME] [--title T] [--json]`: which rule decided a screen's status,
 * the text it matched, and every rule tried with its verdict.
 */
import { parseArgs } from 'node:util';
import { readTextFile } from '../../core/files/readBounded';
import { snapshotOnce } from '../../core/snapshotOnce';
import { explainPane, explainScreen, loadRules, type Explanation } from '../../core/status/explain';
import { formatProblem } from '../../core/status/rules/userRules';
import { table } from '../format';
import type { CliIo } from '../io';
import { TARGET_OPTIONS, targetsFrom } from '../targets';
import { UsageError } from '../usage';
import { matchSessions } from '../findSessions';

/** A saved screen is a screenful or a scrollback; more is not a screen. */
const MAX_SCREEN_FILE_BYTES = 4 * 1024 * 1024;

export function renderExplanation(e: Explanation): string {
  const head: [string, string][] = [
    ['pane', e.pane],
    ['agent', `${e.agent ?? 'none (generic rules only)'} (${e.agentVia})`],
    ['title', e.title === '' ? '-' : e.title],
    ['status', e.status ?? 'nothing recognized (no screen signal)'],
    ['rule', e.rule ?? '(none matched)'],
    ['manifest', `${e.manifest.id} ${e.manifest.version} (${e.manifest.origin})`],
    ['matched', e.matched ?? '-'],
    ['reason', e.reason],
  ];
  const width = Math.max(...head.map(([k]) => k.length));
  const rows = e.rules.map((v) => [
    v.matched ? (v.rule === e.rule ? 'DECIDED' : 'match') : '-',
    `${v.manifest}/${v.rule}`,
    v.state,
    String(v.priority),
    v.region,
    v.text ?? '',
  ]);
  const problems =
    e.problems.length > 0
      ? `\nRule file problems (those rules are ignored):\n${e.problems.map((p) => `  ${formatProblem(p)}\n`).join('')}`
      : '';
  return `${head.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n\n${table(
    ['VERDICT', 'RULE', 'STATE', 'PRIORITY', 'REGION', 'MATCHED TEXT'],
    rows,
  )}${problems}`;
}

export async function explainCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      file: { type: 'string' },
      agent: { type: 'string' },
      title: { type: 'string', default: '' },
      ...TARGET_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
  });
  const rules = await loadRules(io.env);
  const print = (e: Explanation | Explanation[]): void =>
    io.out(
      values.json
        ? `${JSON.stringify(e, null, 2)}\n`
        : (Array.isArray(e) ? e : [e]).map(renderExplanation).join('\n'),
    );

  if (values.file !== undefined) {
    if (positionals.length > 0) throw new UsageError('explain takes NAME or --file, not both');
    let agent: string | null = null;
    if (values.agent !== undefined) {
      agent = rules.resolve(values.agent);
      if (!agent) {
        const known = rules
          .agents()
          .map((m) => m.id)
          .join(', ');
        throw new UsageError(`unknown agent ${JSON.stringify(values.agent)} (known: ${known})`);
      }
    }
    const read = await readTextFile(values.file, MAX_SCREEN_FILE_BYTES);
    if (!read.ok) {
      io.err(`loopwatch explain: ${read.error}\n`);
      return 1;
    }
    print(
      explainScreen(rules, read.text, {
        agent,
        agentVia: agent ? '--agent' : 'no --agent: generic rules only',
        title: values.title,
        pane: 'file',
      }),
    );
    return 0;
  }

  if (positionals.length !== 1)
    throw new UsageError('explain takes one NAME, or --file SCREEN.txt [--agent NAME] [--title T]');
  if (values.agent !== undefined || values.title !== '')
    throw new UsageError('--agent and --title go with --file (a live pane has its own)');
  const name = positionals[0]!;
  const snapshot = await snapshotOnce({ env: io.env, ...targetsFrom(values) });
  const found = matchSessions(snapshot.sessions, name);
  if (found.length !== 1) {
    io.err(
      found.length === 0
        ? `loopwatch explain: no session named ${JSON.stringify(name)} (see \`loopwatch list\`)\n`
        : `loopwatch explain: ${JSON.stringify(name)} matches ${found.length} sessions; give one of their ids:\n${found.map((s) => `  ${s.id}\n`).join('')}`,
    );
    return 1;
  }
  const session = found[0]!;
  const live = session.panes.filter((p) => !p.dead);
  if (!session.socket || live.length === 0) {
    io.err(
      `loopwatch explain: ${session.name} has no live pane to read (${session.status}: ${session.reason})\n`,
    );
    return 1;
  }
  const explained: Explanation[] = [];
  for (const pane of live)
    explained.push(await explainPane(rules, session.socket, pane.id, io.env));
  print(explained.length === 1 ? explained[0]! : explained);
  return 0;
}

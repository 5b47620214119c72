import { parseArgs } from 'node:util';
import type { Session } from '../../../preload/contract';
import { snapshotWithHosts } from '../../core/hosts/snapshotWithHosts';
import { EndedSessions } from '../../core/keep/endedSessions';
import { loopwatchConfigDir, type Env } from '../../core/paths';
import { flagList, lockSummary, paneSummary, progress } from '../describe';
import { ago } from '../format';
import type { CliIo } from '../io';
import { HOST_OPTIONS, hostsFrom } from '../hostTargets';
import { TARGET_OPTIONS, targetsFrom } from '../targets';
import { UsageError } from '../usage';
import { shellCommand } from '../../core/shell/shellQuote';
import { SessionMarksStore } from '../../api/dashboard/sessionMarks';
import { exactSession, targetableByName, UntargetableSessionError } from '../../core/tmux/quote';
import { findSessions } from '../findSessions';

/** The user's nicknames (from the marks file), by session id. */
async function nicknames(env: Env): Promise<Map<string, string>> {
  const store = new SessionMarksStore(loopwatchConfigDir(env));
  const { marks } = await store.get();
  await store.dispose();
  return new Map(marks.flatMap((m) => (m.nickname ? [[m.sessionId, m.nickname] as const] : [])));
}

export async function statusCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, ...TARGET_OPTIONS, ...HOST_OPTIONS },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1)
    throw new UsageError('status takes one NAME (a session, run or id)');
  const name = positionals[0]!;
  const snapshot = await snapshotWithHosts({
    env: io.env,
    ...targetsFrom(values),
    hosts: await hostsFrom(values, io),
  });
  const found = findSessions(snapshot.sessions, name, await nicknames(io.env));
  if (found.length === 0) {
    io.err(`loopwatch status: no session named ${JSON.stringify(name)} (see \`loopwatch list\`)\n`);
    return 1;
  }
  if (found.length > 1) {
    io.err(
      `loopwatch status: ${JSON.stringify(name)} matches ${found.length} sessions; give one of their ids:\n${found
        .map((s) => `  ${s.id}`)
        .join('\n')}\n`,
    );
    return 1;
  }
  const session = found[0]!;
  if (values.json) {
    io.out(`${JSON.stringify(session, null, 2)}\n`);
    return 0;
  }
  io.out(renderStatus(session, Date.now()));
  if (session.ended) io.out(await renderEndedScreen(session, io.env));
  return 0;
}

/** The last screen Loopwatch kept of an ended session, indented, or a line saying there is none. */
async function renderEndedScreen(session: Session, env: Env): Promise<string> {
  const kept = new EndedSessions(loopwatchConfigDir(env), false);
  await kept.load();
  const screen = kept.recordOf(session.id)?.screen;
  if (!screen) return '  last screen: none (Loopwatch did not read it before the session ended)\n';
  return `  last screen:\n${screen
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;
}

export function renderStatus(s: Session, nowMs: number): string {
  const lines: [string, string][] = [
    ['status', `${s.status} since ${s.since} (${ago(s.since, nowMs)})`],
    ['reason', s.reason],
    ['flags', flagList(s)],
    ['id', s.id],
    ['source', s.source],
    ['agent', s.agent ?? 'none known (generic detection rules)'],
    ['server', s.socket ?? 'none (its tmux session is gone)'],
  ];
  if (s.host) lines.push(['host', s.host]);
  // A remote session's socket is on its host: a local tmux cannot attach to it.
  if (s.live && s.socket && !s.host)
    lines.push([
      'attach',
      targetableByName(s.name)
        ? shellCommand(['tmux', '-S', s.socket, 'attach', '-t', exactSession(s.name)])
        : new UntargetableSessionError(s.name).message,
    ]);
  if (s.projectDir) lines.push(['project', s.projectDir]);
  if (s.ended) {
    lines.push(['ended', `${s.ended.endedAt} (${ago(s.ended.endedAt, nowMs)})`]);
    lines.push(['last status', `${s.ended.lastStatus}: ${s.ended.lastReason}`]);
    if (s.ended.log) lines.push(['log', s.ended.log]);
  }
  if (s.exit) {
    const how =
      s.exit.signal !== null
        ? `killed by signal ${s.exit.signal}`
        : `exit status ${s.exit.status ?? '?'}`;
    lines.push(['exit', `${how}${s.exit.at ? ` at ${s.exit.at}` : ''}`]);
  }
  const p = s.pipeline;
  if (p) {
    lines.push([
      'pipeline',
      `run ${p.runName}, state ${p.state ?? 'none'}, iteration ${progress(s)}`,
    ]);
    if (p.iterationCompleted !== null)
      lines.push(['completed', `${p.iterationCompleted} iteration(s)`]);
    if (p.completionReason) lines.push(['completion', p.completionReason]);
    if (p.error) lines.push(['error', p.error]);
    if (p.stateError) lines.push(['state file', p.stateError]);
    if (p.lastEvent)
      lines.push([
        'last event',
        `${p.lastEvent.type}${p.lastEvent.at ? ` at ${p.lastEvent.at}` : ''}`,
      ]);
    if (p.progress?.lastLine) lines.push(['progress', p.progress.lastLine]);
    for (const provider of p.providers ?? []) {
      lines.push([
        'provider',
        `${provider.block}/${provider.provider}: ${provider.status ?? 'unknown'}`,
      ]);
    }
  }
  if (s.lock) lines.push(['lock', `${s.lock.path}: ${s.lock.error ?? lockSummary(s)}`]);
  if (s.tmuxSkill) lines.push(['tmux skill', `${s.tmuxSkill.health} (${s.tmuxSkill.registry})`]);
  if (s.schmux) {
    const agent = s.schmux.agentState ? `, agent ${s.schmux.agentState}` : '';
    lines.push(['schmux', `${s.schmux.id} in ${s.schmux.workspacePath ?? '?'}${agent}`]);
  }
  if (s.panes.length > 0) lines.push(['panes', s.panes.map(paneSummary).join(', ')]);
  const width = Math.max(...lines.map(([k]) => k.length));
  let text = `${s.displayName}\n`;
  for (const [key, value] of lines) text += `  ${`${key}:`.padEnd(width + 1)} ${value}\n`;
  text += '  evidence:\n';
  for (const e of s.evidence)
    text += `    ${e.rank.padEnd(8)} ${e.signal}: ${e.detail} (${e.at})\n`;
  return text;
}

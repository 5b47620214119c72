/**
 * Kill: one tmux session, exactly the one named (by its tmux id, so a
 * session whose name merely starts the same, or one created under the same
 * name since the plan, is never touched). The plan says what will end; the
 * screen and scrollback of every pane are saved before anything is killed.
 */
import type { KillPlan, KillResult } from '../../../preload/contract';
import { pipelineRunName } from '../sessions/classify';
import { readLock } from '../sources/pipeline/lockFile';
import { pipelinePaths } from '../sources/pipeline/paths';
import { execTmux } from '../tmux/execTmux';
import type { PaneFacts, TmuxSessionFacts } from '../tmux/formats';
import type { ServerScan } from '../tmux/scanServers';
import { appendAudit, refuseWithAudit } from './auditLog';
import { ActionRefusedError, type ActionContext } from './context';
import { assessHolder } from './holder';
import { historyDir, HistoryError, saveHistory } from './history';
import { exitText } from './paneText';
import { placeOf, type TmuxPlace } from './tmuxPlace';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "2 panes running claude (pid 11, 12), 1 dead pane (exit 3)" */
export function describePanes(panes: readonly PaneFacts[]): string {
  const running = new Map<string, number[]>();
  const dead: string[] = [];
  for (const pane of panes) {
    if (pane.dead) {
      dead.push(exitText(pane));
      continue;
    }
    const command = pane.currentCommand || '?';
    running.set(command, [...(running.get(command) ?? []), ...(pane.pid ? [pane.pid] : [])]);
  }
  const parts = [...running].map(([command, pids]) => {
    const count = panes.filter((p) => !p.dead && (p.currentCommand || '?') === command).length;
    const pidText = pids.length ? ` (pid ${pids.join(', ')})` : '';
    return `${plural(count, 'pane')} running ${command}${pidText}`;
  });
  if (dead.length) parts.push(`${plural(dead.length, 'dead pane')} (${dead.join(', ')})`);
  return parts.join(', ') || 'no panes';
}

async function pipelineNotes(session: TmuxSessionFacts): Promise<string[]> {
  const run = pipelineRunName(session.name);
  if (!run || !session.path) return [];
  const lock = await readLock(pipelinePaths(session.path, run).lock);
  if (lock.state !== 'ok') return [];
  const holder = await assessHolder(lock.lock, lock.mtimeMs);
  if (!holder.alive) return [];
  return [
    `the pipeline engine of run ${run} (pid ${holder.pid}) runs in this session and ends with it; ` +
      `its lock stays behind as stale: \`loopwatch resume ${run}\` continues the run later, ` +
      '`loopwatch cleanup` removes the lock',
  ];
}

export interface PlanKillInput {
  name: string;
  socket: string | null;
  /**
   * A remote host's session: every tmux command runs there over ssh (its
   * socket path means nothing on this machine); the history is saved here.
   */
  host?: string | undefined;
}

export async function planKill(ctx: ActionContext, input: PlanKillInput): Promise<KillPlan> {
  const place = placeOf(ctx, input.host);
  const scans: ServerScan[] = input.socket
    ? [await place.scan(input.socket)]
    : await place.scanAll();
  const found = scans.flatMap((scan) =>
    scan.sessions.filter((s) => s.name === input.name).map((session) => ({ scan, session })),
  );
  if (found.length === 0) {
    const where = input.socket
      ? `${place.where(input.socket)}${scans[0]?.error ? ` (${scans[0].error})` : ''}`
      : `any tmux server Loopwatch knows${place.host ? ` on host ${place.host}` : ''} (${scans.map((s) => s.socket).join(', ')}); name another with --socket`;
    throw new ActionRefusedError(`no tmux session named ${JSON.stringify(input.name)} on ${where}`);
  }
  if (found.length > 1) {
    throw new ActionRefusedError(
      `a session named ${JSON.stringify(input.name)} exists on several servers ` +
        `(${found.map((f) => f.scan.socket).join(', ')}): say which with --socket`,
    );
  }
  const { scan, session } = found[0]!;
  // A pipeline's lock is a file on the session's own machine: looked at here only for local sessions.
  const notes = place.host ? [] : await pipelineNotes(session);
  if (session.attachedClients > 0) {
    notes.push(`${plural(session.attachedClients, 'client')} attached to it will be detached`);
  }
  return {
    socket: scan.socket,
    name: session.name,
    tmuxId: session.sessionId,
    panes: session.panes.map((p) => ({
      id: p.id,
      index: `${p.windowIndex}.${p.paneIndex}`,
      pid: p.pid,
      command: p.currentCommand,
      dead: p.dead,
      exitStatus: p.exitStatus,
    })),
    attachedClients: session.attachedClients,
    summary: `will end tmux session =${session.name} on ${place.where(scan.socket)}: ${describePanes(session.panes)}`,
    notes,
    historyDir: historyDir(ctx.env),
    ...(place.host ? { host: place.host } : {}),
  };
}

export interface KillInput {
  socket: string;
  name: string;
  tmuxId: string;
  saveHistory: boolean;
  host?: string | undefined;
}

export type EndOutcome =
  | { ended: true; historyFile: string | null }
  | { ended: false; stage: 'history' | 'kill'; error: string; historyFile: string | null };

export interface EndInput {
  socket: string;
  sessionName: string;
  panes: readonly PaneFacts[];
  /** What to kill: the session's id (`$3`) or a pane's (`%7`). */
  target: string;
  what: 'session' | 'pane';
  /** Why it is saved, for the history file's header. */
  why: string;
  saveHistory: boolean;
  /** Where the session's server is (default: this machine). */
  place?: TmuxPlace | undefined;
}

/**
 * Save the panes' screen and scrollback (unless told not to), then kill
 * the session or pane. Never kills when the history could not be saved.
 */
export async function endWithHistory(ctx: ActionContext, input: EndInput): Promise<EndOutcome> {
  let historyFile: string | null = null;
  if (input.saveHistory) {
    try {
      historyFile = await saveHistory(ctx.env, {
        socket: input.socket,
        runner: input.place?.runner(input.socket),
        where: input.place?.where(input.socket),
        sessionName: input.sessionName,
        panes: input.panes,
        why: input.why,
      });
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
      return { ended: false, stage: 'history', error: error.message, historyFile };
    }
  }
  const command = input.what === 'session' ? 'kill-session' : 'kill-pane';
  try {
    const args = [command, '-t', input.target];
    if (input.place) await input.place.runner(input.socket).run(args);
    else await execTmux(input.socket, args, { env: ctx.env });
  } catch (error) {
    return { ended: false, stage: 'kill', error: (error as Error).message.trim(), historyFile };
  }
  return { ended: true, historyFile };
}

export async function killSession(ctx: ActionContext, input: KillInput): Promise<KillResult> {
  const place = placeOf(ctx, input.host);
  const on = place.where(input.socket);
  const target = `tmux session =${input.name} (${input.tmuxId}) on ${on}`;
  const audit = { action: 'kill' as const, target, actor: ctx.actor };
  // Re-checked on its own machine just before acting: the same id and name as planned.
  const scan = await place.scan(input.socket);
  const session = scan.sessions.find((s) => s.sessionId === input.tmuxId && s.name === input.name);
  if (!session) {
    const other = scan.sessions.find((s) => s.name === input.name);
    return refuseWithAudit(
      ctx.env,
      audit,
      other
        ? `the session named ${JSON.stringify(input.name)} on ${on} is not the planned one ` +
            `(now ${other.sessionId}, planned ${input.tmuxId}): nothing was killed; look again`
        : `tmux session ${JSON.stringify(input.name)} is no longer on ${on}: nothing to kill`,
    );
  }
  const end = await endWithHistory(ctx, {
    socket: input.socket,
    sessionName: session.name,
    panes: session.panes,
    target: session.sessionId,
    what: 'session',
    why: `before loopwatch kill (${ctx.actor})`,
    saveHistory: input.saveHistory,
    place,
  });
  const { historyFile } = end;
  if (!end.ended && end.stage === 'history') {
    return refuseWithAudit(
      ctx.env,
      audit,
      `${end.error}; nothing was killed (to kill without saving its history, ask explicitly: --no-history)`,
    );
  }
  if (!end.ended) {
    const detail = `tmux could not kill it: ${end.error}`;
    await appendAudit(ctx.env, { ...audit, outcome: 'failed', detail, data: { historyFile } });
    throw new Error(detail);
  }
  const message = historyFile
    ? `killed ${target}; its screen and scrollback are in ${historyFile}`
    : `killed ${target} without saving its history (as asked)`;
  await appendAudit(ctx.env, { ...audit, outcome: 'done', detail: message, data: { historyFile } });
  return { historyFile, message };
}

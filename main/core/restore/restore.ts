/**
 * Restore: bring back agent sessions whose tmux server is gone (a reboot,
 * kill-server). The plan comes first: per session, the server, windows and
 * directories, and the command it will run: the agent's resume command
 * with its session id, or the original command where no id is known (said
 * so), or for a pipeline run the engine's own `run.sh ... --resume`.
 * Nothing that exists is replaced: a session of the same name on that
 * server is refused.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RestoreItem, RestorePlan, RestoreResult } from '../../../preload/contract';
import { appendAudit } from '../actions/auditLog';
import type { ActionContext } from '../actions/context';
import { planResume, resumeRun } from '../actions/runs';
import { shellCommand } from '../shell/shellQuote';
import { execTmux, execTmuxChain } from '../tmux/execTmux';
import { exactSession, exactSessionPane, formatLiteral } from '../tmux/quote';
import { scanServers, type ServerScan } from '../tmux/scanServers';
import { resumeArgv } from './agentIds';
import { restoreKey, restoreRecordDir, type RestoreRecord } from './restoreRecords';

interface Planned {
  item: RestoreItem;
  record: RestoreRecord;
  /** What the agent's window runs: argv (run directly) or typed into its shell; null: the recorded command. */
  agentArgv: string[] | null;
}

function matches(record: RestoreRecord, names: readonly string[]): boolean {
  return names.length === 0 || names.includes(record.session) || names.includes(restoreKey(record));
}

async function planOne(
  ctx: ActionContext,
  record: RestoreRecord,
  scans: ServerScan[],
): Promise<Planned> {
  const agentWindow = record.windows.find((w) => w.agent) ?? record.windows[0]!;
  const scan = scans.find((s) => s.socket === record.socket);
  const exists = scan?.sessions.some((s) => s.name === record.session) ?? false;
  let problem: string | null = exists
    ? `tmux session ${record.session} already exists on ${record.socket}: Loopwatch replaces nothing (attach to it, or end it first)`
    : null;
  let how: RestoreItem['how'];
  let display: string;
  let note: string;
  let agentArgv: string[] | null = null;
  if (record.pipeline) {
    how = 'pipeline';
    const plan = await planResume(ctx, {
      name: record.pipeline.runName,
      projectDir: record.pipeline.projectDir,
      mode: 'resume',
    }).catch((error: unknown) => ({
      ok: false,
      problems: [(error as Error).message],
      display: '',
    }));
    display = `(in ${record.pipeline.projectDir}) ${plan.display}`;
    note = 'a pipeline run: the engine resumes it (run.sh … --resume) and makes its own session';
    if (!plan.ok && !exists) problem = plan.problems.join('; ');
  } else if (
    record.agent &&
    record.agentSessionId &&
    resumeArgv(record.agent, record.agentSessionId)
  ) {
    how = 'resume';
    agentArgv = resumeArgv(record.agent, record.agentSessionId);
    display = shellCommand(agentArgv!);
    note = `resumes ${record.agent} session ${record.agentSessionId} (id from its ${record.agentIdFrom ?? 'hook'})`;
  } else {
    how = 'original';
    display = agentWindow.command === '' ? '(the default shell)' : agentWindow.command;
    note = record.agent
      ? `no ${record.agent} session id is known: the original command runs, a new conversation`
      : 'the original command';
  }
  return {
    record,
    agentArgv,
    item: {
      key: restoreKey(record),
      host: record.host,
      socket: record.socket,
      session: record.session,
      windows: record.windows.length,
      cwd: agentWindow.cwd,
      agent: record.agent,
      agentSessionId: record.agentSessionId,
      how,
      display,
      note,
      ok: problem === null,
      problem,
      seenAt: record.seenAt,
    },
  };
}

async function planAll(
  ctx: ActionContext,
  names: readonly string[],
): Promise<{ planned: Planned[]; warnings: string[] }> {
  const loaded = await restoreRecordDir(ctx.env).load();
  const records = [...loaded.records.values()].filter((r) => r.host === 'local');
  const sockets = [...new Set(records.map((r) => r.socket))];
  const scans = await scanServers(ctx.env, [...ctx.sockets, ...sockets]);
  const up = new Set(scans.filter((s) => s.state === 'up').map((s) => s.socket));
  const warnings = [...loaded.problems];
  // Without names: the sessions whose server is gone. Named: those, whatever their server.
  const chosen = records.filter((r) =>
    names.length === 0 ? !up.has(r.socket) : matches(r, names),
  );
  for (const name of names) {
    if (!records.some((r) => matches(r, [name])))
      warnings.push(
        `no restore record for ${JSON.stringify(name)} (Loopwatch records agent sessions it sees)`,
      );
  }
  const planned = await Promise.all(chosen.map((r) => planOne(ctx, r, scans)));
  planned.sort(
    (a, b) =>
      a.item.socket.localeCompare(b.item.socket) || a.item.session.localeCompare(b.item.session),
  );
  return { planned, warnings };
}

export async function planRestore(
  ctx: ActionContext,
  names: readonly string[],
): Promise<RestorePlan> {
  const { planned, warnings } = await planAll(ctx, names);
  return { items: planned.map((p) => p.item), warnings };
}

/** The tmux commands that recreate one session (all its windows), run as one chain. */
function recreateCommands(
  p: Planned,
  shell: string,
): { commands: string[][]; typeInto: { target: string; text: string } | null } {
  const { record } = p;
  const commands: string[][] = [];
  let typeInto: { target: string; text: string } | null = null;
  record.windows.forEach((window, i) => {
    // -n, -c and -s are expanded as formats by tmux: their `#` are doubled.
    const windowArgs = ['-n', formatLiteral(window.name), '-c', formatLiteral(window.cwd)];
    let command: string[] = [];
    if (window.agent && p.agentArgv) {
      if (window.command === '') {
        // The agent was typed into a shell: the shell comes back, and the resume command is typed in.
        typeInto = {
          target: exactSessionPane(record.session, String(i)),
          text: shellCommand(p.agentArgv, shell),
        };
      } else command = ['--', ...p.agentArgv];
    } else if (window.command !== '') command = ['--', window.command];
    commands.push(
      i === 0
        ? ['new-session', '-d', '-s', formatLiteral(record.session), ...windowArgs, ...command]
        : ['new-window', '-d', '-t', `${exactSession(record.session)}:`, ...windowArgs, ...command],
    );
  });
  return { commands, typeInto };
}

async function applyOne(ctx: ActionContext, p: Planned): Promise<RestoreResult['results'][number]> {
  const { item, record } = p;
  const base = { key: item.key, session: item.session, socket: item.socket };
  if (!item.ok) return { ...base, outcome: 'skipped', detail: item.problem ?? 'not restorable' };
  try {
    if (record.pipeline) {
      const result = await resumeRun(ctx, {
        name: record.pipeline.runName,
        projectDir: record.pipeline.projectDir,
        mode: 'resume',
      });
      return { ...base, outcome: 'done', detail: result.message };
    }
    await mkdir(dirname(record.socket), { recursive: true, mode: 0o700 });
    const { commands, typeInto } = recreateCommands(p, ctx.env.SHELL ?? '');
    await execTmuxChain(record.socket, commands, { env: ctx.env });
    if (typeInto) {
      await execTmux(
        record.socket,
        ['send-keys', '-t', typeInto.target, '-l', '--', typeInto.text],
        { env: ctx.env },
      );
      await execTmux(record.socket, ['send-keys', '-t', typeInto.target, 'Enter'], {
        env: ctx.env,
      });
    }
    const detail = `recreated tmux session ${record.session} on ${record.socket} (${record.windows.length} window(s)): ${item.display}`;
    await appendAudit(ctx.env, {
      action: 'restore',
      outcome: 'done',
      target: `tmux session =${record.session} on ${record.socket}`,
      detail,
      actor: ctx.actor,
    });
    return { ...base, outcome: 'done', detail };
  } catch (error) {
    const detail = (error as Error).message;
    await appendAudit(ctx.env, {
      action: 'restore',
      outcome: 'failed',
      target: `tmux session =${record.session} on ${record.socket}`,
      detail,
      actor: ctx.actor,
    }).catch(() => undefined);
    return { ...base, outcome: 'failed', detail };
  }
}

/** Re-plans (the facts may have changed since the plan was shown), then restores each session that is ok. */
export async function applyRestore(
  ctx: ActionContext,
  names: readonly string[],
): Promise<RestoreResult> {
  const { planned } = await planAll(ctx, names);
  const results: RestoreResult['results'] = [];
  // One at a time: sessions of one server are created in order (the first one starts the server).
  for (const p of planned) results.push(await applyOne(ctx, p));
  return { results };
}

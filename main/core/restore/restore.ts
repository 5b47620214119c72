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
import { ActionRefusedError, type ActionContext } from '../actions/context';
import { hostConnectionOf, placeOf } from '../actions/tmuxPlace';
import { planResume, resumeRun } from '../actions/runs';
import { shellCommand } from '../shell/shellQuote';
import { chainArgs, execTmux, execTmuxChain } from '../tmux/execTmux';
import { exactSession, exactSessionPane, formatLiteral } from '../tmux/quote';
import { scanServers, type ServerScan } from '../tmux/scanServers';
import { resumeArgv } from './agentIds';
import { LOCAL_HOST } from './restoreRecorder';
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
  servers: RecordServers,
): Promise<Planned> {
  const agentWindow = record.windows.find((w) => w.agent) ?? record.windows[0]!;
  const scan = servers.scans.get(serverKey(record));
  const exists = scan?.sessions.some((s) => s.name === record.session) ?? false;
  const remote = record.host !== LOCAL_HOST;
  let problem: string | null = exists
    ? `tmux session ${record.session} already exists on ${where(record)}: Loopwatch replaces nothing (attach to it, or end it first)`
    : (servers.hostProblems.get(record.host) ?? null);
  let how: RestoreItem['how'];
  let display: string;
  let note: string;
  let agentArgv: string[] | null = null;
  if (record.pipeline && remote) {
    how = 'pipeline';
    display = `(in ${record.pipeline.projectDir} on host ${record.host}) run.sh … --resume`;
    note = 'a pipeline run on a host';
    problem ??= `run ${record.pipeline.runName} runs on host ${record.host}: resume it there (\`./scripts/run.sh … --resume\` in ${record.pipeline.projectDir})`;
  } else if (record.pipeline) {
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

/** A record's server: `HOST\0SOCKET` (a socket path names a server on its own machine only). */
function serverKey(r: Pick<RestoreRecord, 'host' | 'socket'>): string {
  return `${r.host}\u0000${r.socket}`;
}

/** A record's server for people: `SOCKET`, or `SOCKET on host H`. */
function where(r: Pick<RestoreRecord, 'host' | 'socket'>): string {
  return r.host === LOCAL_HOST ? r.socket : `${r.socket} on host ${r.host}`;
}

interface RecordServers {
  /** Each server's sessions now, by serverKey. */
  scans: Map<string, ServerScan>;
  /** Hosts that could not be asked (not known here, unreachable): why. */
  hostProblems: Map<string, string>;
}

/** Look at every server the records name: this machine's, and each host's over its connection. */
async function scanRecordServers(
  ctx: ActionContext,
  records: readonly RestoreRecord[],
): Promise<RecordServers> {
  const scans = new Map<string, ServerScan>();
  const hostProblems = new Map<string, string>();
  const local = records.filter((r) => r.host === LOCAL_HOST);
  const sockets = [...new Set(local.map((r) => r.socket))];
  for (const scan of await scanServers(ctx.env, [...ctx.sockets, ...sockets]))
    scans.set(serverKey({ host: LOCAL_HOST, socket: scan.socket }), scan);
  const hosts = [...new Set(records.map((r) => r.host))].filter((h) => h !== LOCAL_HOST);
  await Promise.all(
    hosts.map(async (host) => {
      try {
        const place = placeOf(ctx, host);
        const hostSockets = [
          ...new Set(records.filter((r) => r.host === host).map((r) => r.socket)),
        ];
        for (const socket of hostSockets)
          scans.set(serverKey({ host, socket }), await place.scan(socket));
      } catch (error) {
        if (!(error instanceof ActionRefusedError)) throw error;
        hostProblems.set(host, error.message.replace(/;? ?\(?nothing was done\)?$/, '').trim());
      }
    }),
  );
  return { scans, hostProblems };
}

async function planAll(
  ctx: ActionContext,
  names: readonly string[],
): Promise<{ planned: Planned[]; warnings: string[] }> {
  const loaded = await restoreRecordDir(ctx.env).load();
  const records = [...loaded.records.values()];
  const servers = await scanRecordServers(ctx, records);
  const up = (r: RestoreRecord): boolean => servers.scans.get(serverKey(r))?.state === 'up';
  const warnings = [...loaded.problems];
  // Without names: the sessions whose server is gone (a host that cannot be asked: said, not guessed).
  // Named: those, whatever their server.
  const chosen = records.filter((r) =>
    names.length === 0 ? !up(r) && !servers.hostProblems.has(r.host) : matches(r, names),
  );
  if (names.length === 0)
    for (const [host, why] of servers.hostProblems) {
      const count = records.filter((r) => r.host === host).length;
      warnings.push(`${count} session(s) recorded on host ${host} not looked at: ${why}`);
    }
  for (const name of names) {
    if (!records.some((r) => matches(r, [name])))
      warnings.push(
        `no restore record for ${JSON.stringify(name)} (Loopwatch records agent sessions it sees)`,
      );
  }
  const planned = await Promise.all(chosen.map((r) => planOne(ctx, r, servers)));
  planned.sort(
    (a, b) =>
      a.item.host.localeCompare(b.item.host) ||
      a.item.socket.localeCompare(b.item.socket) ||
      a.item.session.localeCompare(b.item.session),
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
    const remote = record.host !== LOCAL_HOST;
    const { commands, typeInto } = recreateCommands(p, remote ? '' : (ctx.env.SHELL ?? ''));
    if (remote) {
      // On its host, over the host's connection: the same chain, every argument quoted for its shell.
      const connection = hostConnectionOf(ctx, record.host);
      await connection.runRemote(['mkdir', '-p', '-m', '700', '--', dirname(record.socket)]);
      const runner = connection.tmuxRunner(record.socket);
      await runner.run(chainArgs(commands));
      if (typeInto) {
        await runner.run(['send-keys', '-t', typeInto.target, '-l', '--', typeInto.text]);
        await runner.run(['send-keys', '-t', typeInto.target, 'Enter']);
      }
    } else {
      await mkdir(dirname(record.socket), { recursive: true, mode: 0o700 });
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
    }
    const detail = `recreated tmux session ${record.session} on ${where(record)} (${record.windows.length} window(s)): ${item.display}`;
    await appendAudit(ctx.env, {
      action: 'restore',
      outcome: 'done',
      target: `tmux session =${record.session} on ${where(record)}`,
      detail,
      actor: ctx.actor,
    });
    return { ...base, outcome: 'done', detail };
  } catch (error) {
    const detail = (error as Error).message;
    await appendAudit(ctx.env, {
      action: 'restore',
      outcome: 'failed',
      target: `tmux session =${record.session} on ${where(record)}`,
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

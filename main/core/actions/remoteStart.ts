/**
 * Start a command in a new tmux session on a remote host: the same plan and
 * the same one-queue tmux chain as on this machine (new-session, then
 * `remain-on-exit on` before tmux can see the command exit), run on the
 * host over its shared ssh connection. Every check (the directory, the
 * server, a session of that name) is made on the host, and made again
 * just before the start. `~` (the default) is the host user's home.
 *
 * Not on a host: the output log (its writer is a program on this machine).
 */
import { dirname } from 'node:path';
import type { StartPlan, StartResult, StartSpec } from '../../../preload/contract';
import type { HostConnection } from '../hosts/hostConnection';
import { RemoteCommandError } from '../hosts/hostConnection';
import { remoteAttachCommandLine } from '../hosts/remoteAttach';
import { HostConnectionError } from '../hosts/sshErrors';
import { shellCommand } from '../shell/shellQuote';
import { chainArgs } from '../tmux/execTmux';
import { appendAudit, refuseWithAudit } from './auditLog';
import { ActionRefusedError, type ActionContext } from './context';
import { nameProblem } from './names';
import { newSessionCommands } from './newSessionCommands';
import { hostPlace } from './tmuxPlace';

type CommandSpec = Extract<StartSpec, { form: 'command' }>;

/**
 * Fixed scripts (no value of ours spliced in; values go as `$1`): the
 * host's home and default tmux socket, as tmux computes it there.
 */
const HOME_SCRIPT = 'printf %s "$HOME"';
const DEFAULT_SOCKET_SCRIPT = 'printf %s "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/default"';
const IS_DIR_SCRIPT = 'test -d "$1"';

async function remoteText(connection: HostConnection, script: string): Promise<string> {
  return connection.runRemote(['sh', '-c', script, 'sh']);
}

/** The host user's home directory. */
export function remoteHome(connection: HostConnection): Promise<string> {
  return remoteText(connection, HOME_SCRIPT);
}

/** The host's default tmux server socket (where run.sh's plain `tmux` lands). */
export function remoteDefaultSocket(connection: HostConnection): Promise<string> {
  return remoteText(connection, DEFAULT_SOCKET_SCRIPT);
}

async function isRemoteDir(connection: HostConnection, dir: string): Promise<boolean> {
  try {
    await connection.runRemote(['sh', '-c', IS_DIR_SCRIPT, 'sh', dir]);
    return true;
  } catch (error) {
    if (error instanceof RemoteCommandError) return false;
    throw error;
  }
}

function unreachable(connection: HostConnection, error: unknown): never {
  if (error instanceof HostConnectionError)
    throw new ActionRefusedError(
      `host ${connection.host.name} ${error.problem}: ${error.message} (nothing was done)`,
    );
  throw error;
}

export async function planRemoteCommand(
  connection: HostConnection,
  spec: CommandSpec,
): Promise<StartPlan> {
  const host = connection.host.name;
  const place = hostPlace(connection);
  const problems: string[] = [];
  const name = nameProblem(spec.name, 'session name');
  if (name) problems.push(name);
  if (spec.command[0] === '') problems.push('the command is empty');
  if (spec.command.some((arg) => arg.includes('\0')))
    problems.push('the command cannot hold a NUL character');
  let dir = spec.dir;
  let socket = spec.socket ?? '';
  try {
    if (dir === '~') dir = await remoteText(connection, HOME_SCRIPT);
    if (!dir.startsWith('/'))
      problems.push(`on host ${host} the directory must be absolute (or ~), not ${dir}`);
    else if (!(await isRemoteDir(connection, dir)))
      problems.push(`the directory ${dir} does not exist on host ${host}`);
    if (!socket) socket = await remoteText(connection, DEFAULT_SOCKET_SCRIPT);
    if (!name) {
      const scan = await place.scan(socket);
      if (scan.state === 'error')
        problems.push(`tmux server ${place.where(socket)} is not usable: ${scan.error}`);
      if (scan.sessions.some((s) => s.name === spec.name))
        problems.push(
          `tmux session ${spec.name} already exists on ${place.where(socket)}: watch it with ` +
            `\`${remoteAttachCommandLine(connection.route(), { socket, name: spec.name })}\`, or pick another name`,
        );
    }
  } catch (error) {
    unreachable(connection, error);
  }
  return {
    ok: problems.length === 0,
    problems,
    cwd: dir,
    argv: [...spec.command],
    display: shellCommand(spec.command),
    sessionName: spec.name,
    socket,
    host,
  };
}

export async function startRemoteCommand(
  ctx: ActionContext,
  connection: HostConnection,
  spec: CommandSpec,
): Promise<StartResult> {
  const host = connection.host.name;
  // Planned again right before starting: the host may have changed since the plan was shown.
  const plan = await planRemoteCommand(connection, spec);
  const target = `tmux session =${spec.name} on ${plan.socket} on host ${host}`;
  const audit = {
    action: 'start' as const,
    target,
    actor: ctx.actor,
    data: { argv: plan.argv, cwd: plan.cwd, host },
  };
  if (!plan.ok) return refuseWithAudit(ctx.env, audit, plan.problems.join('\n'));
  // One tmux client, one command queue (see execTmuxChain): set-option runs before tmux can see the command exit.
  const args = chainArgs(newSessionCommands(spec.name, plan.cwd, spec.command));
  try {
    // `tmux -S` does not create the socket's directory the way `-L` does (0700, as tmux wants it).
    await connection.runRemote(['mkdir', '-p', '-m', '700', '--', dirname(plan.socket)]);
    await connection.tmuxRunner(plan.socket).run(args);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    await appendAudit(ctx.env, { ...audit, outcome: 'failed', detail });
    unreachable(connection, error);
  }
  const message = `started ${plan.display} in tmux session ${spec.name} on ${plan.socket} on host ${host}`;
  await appendAudit(ctx.env, { ...audit, outcome: 'done', detail: message });
  return {
    sessionName: spec.name,
    socket: plan.socket,
    sessionFound: true,
    output: '',
    attach: remoteAttachCommandLine(connection.route(), { socket: plan.socket, name: spec.name }),
    message,
  };
}

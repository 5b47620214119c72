/**
 * Where a pipeline run's project lives for start, resume and cleanup: this
 * machine, or a remote host (issue 17). One interface, so the plan and the
 * act (and every re-check just before acting) are the same code for both;
 * only the way to the files, the processes, tmux and run.sh differs. On a
 * host everything is asked there, over its shared ssh connection
 * (hostRunFiles.ts, hosts/remoteMachine.ts, tmuxPlace.ts).
 */
import { readdir } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import type { HostConnection } from '../hosts/hostConnection';
import { remoteAttachCommandLine } from '../hosts/remoteAttach';
import { remoteMachine } from '../hosts/remoteMachine';
import { HostConnectionError } from '../hosts/sshErrors';
import { LOCAL_MACHINE, type Machine } from '../machine/machine';
import { ActionRefusedError, type ActionContext } from './context';
import {
  backupFile,
  pathExists,
  removeIfUnchanged,
  writeFileAtomic,
  type RemoveOutcome,
} from './files';
import {
  backupFileOn,
  entriesOn,
  existsOn,
  removeIfUnchangedOn,
  runRunShOn,
  runShProblemOn,
  writeFileAtomicOn,
} from './hostRunFiles';
import { defaultTmuxSocket } from '../paths';
import { remoteDefaultSocket, remoteHome } from './remoteStart';
import { attachHint } from './runFacts';
import { runRunSh, runShProblem, type RunShOutcome } from './runSh';
import { hostConnectionOf, hostPlace, localPlace, type TmuxPlace } from './tmuxPlace';

export interface RunPlace {
  /** The remote host's name; null for this machine. */
  host: string | null;
  /** Its files and processes (locks, state, lock holders). */
  machine: Machine;
  tmux: TmuxPlace;
  /** Project dirs the user named for that machine (a host's `projectRoots`); [] here. */
  projectRoots: readonly string[];
  /** The default tmux server there: where run.sh's plain `tmux` creates its session. */
  defaultSocket(): Promise<string>;
  /** A project directory as given, made absolute there (a host's: `~` is its user's home). */
  projectDir(dir: string): Promise<string>;
  /** The names in a directory ([] when it cannot be listed). */
  entries(dir: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  runShProblem(projectDir: string): Promise<string | null>;
  runRunSh(projectDir: string, args: readonly string[]): Promise<RunShOutcome>;
  removeIfUnchanged(path: string, expected: string): Promise<RemoveOutcome>;
  backup(path: string, nowMs: number): Promise<string>;
  writeAtomic(path: string, text: string): Promise<void>;
  /** The command a person types to watch a session there. */
  attach(socket: string, sessionName: string): string;
  /** `TEXT` here, `TEXT on host H` there: for messages and the audit log. */
  where(text: string): string;
}

export function localRunPlace(ctx: ActionContext): RunPlace {
  return {
    host: null,
    machine: LOCAL_MACHINE,
    tmux: localPlace(ctx),
    projectRoots: [],
    defaultSocket: () => Promise.resolve(defaultTmuxSocket(ctx.env)),
    projectDir: (dir) => Promise.resolve(resolve(dir)),
    entries: (dir) => readdir(dir).catch(() => [] as string[]),
    exists: pathExists,
    runShProblem,
    runRunSh: (projectDir, args) => runRunSh(projectDir, args, ctx.env),
    removeIfUnchanged,
    backup: backupFile,
    writeAtomic: (path, text) => writeFileAtomic(path, text),
    attach: attachHint,
    where: (text) => text,
  };
}

export function hostRunPlace(connection: HostConnection): RunPlace {
  const host = connection.host.name;
  return {
    host,
    machine: remoteMachine(connection),
    tmux: hostPlace(connection),
    projectRoots: connection.host.projectRoots,
    defaultSocket: () => remoteDefaultSocket(connection),
    async projectDir(dir) {
      // A path on the host: never resolved against this machine's cwd.
      const home = dir === '~' || dir.startsWith('~/') ? await remoteHome(connection) : null;
      const full = home === null ? dir : `${home}${dir.slice(1)}`;
      return full.startsWith('/') ? posix.normalize(full).replace(/(.)\/$/, '$1') : full;
    },
    entries: (dir) => entriesOn(connection, dir),
    exists: (path) => existsOn(connection, path),
    runShProblem: (projectDir) =>
      projectDir.startsWith('/')
        ? runShProblemOn(connection, projectDir)
        : Promise.resolve(
            `on host ${host} the project directory must be absolute (or ~/...), not ${projectDir}`,
          ),
    runRunSh: (projectDir, args) => runRunShOn(connection, projectDir, args),
    removeIfUnchanged: (path, expected) =>
      removeIfUnchangedOn(connection, remoteMachine(connection).files, path, expected),
    backup: (path, nowMs) => backupFileOn(connection, path, nowMs),
    writeAtomic: (path, text) => writeFileAtomicOn(connection, path, text),
    attach: (socket, name) => remoteAttachCommandLine(connection.route(), { socket, name }),
    where: (text) => `${text} on host ${host}`,
  };
}

/** `{ host }` for a record, an item or an audit entry of a host's run; `{}` here (as before hosts). */
export function hostField(place: Pick<RunPlace, 'host'>): { host?: string } {
  return place.host ? { host: place.host } : {};
}

/** The place of a run on `host` (undefined or null: this machine). */
export function runPlaceOf(ctx: ActionContext, host: string | null | undefined): RunPlace {
  return host ? hostRunPlace(hostConnectionOf(ctx, host)) : localRunPlace(ctx);
}

/**
 * Run `act` against `place`; a host that cannot be reached refuses the
 * action with the reason (nothing was done), instead of a raw ssh error.
 */
export async function refusingUnreachable<T>(place: RunPlace, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof HostConnectionError)
      throw new ActionRefusedError(
        `host ${place.host ?? error.host} ${error.problem}: ${error.message} (nothing was done)`,
      );
    throw error;
  }
}

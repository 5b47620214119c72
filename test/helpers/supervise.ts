/**
 * A live Supervisor on a sandbox, recording its transitions, with waits
 * for a session to reach a status (real tmux and processes: never timed).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Session, SessionStatus, Transition } from '../../preload/contract';
import { Supervisor, type SupervisorOptions } from '../../main/core/supervisor';
import { eventually, type Sandbox } from './sandbox';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const AGENTS = join(FIXTURES, 'agents');
export const FAKE_ENGINE = join(FIXTURES, 'pipeline', 'scripts', 'run.sh');

/** Real processes on a shared, loaded machine: generous, and never a measurement. */
export const WAIT_MS = 20_000;

export const run = promisify(execFile);

export interface Supervised {
  supervisor: Supervisor;
  transitions: Transition[];
  find(predicate: (s: Session) => boolean): Session | undefined;
  named(name: string): Session | undefined;
  /** Wait until the session named `name` (name or displayName) has `status`; returns it. */
  reach(name: string, status: SessionStatus, timeoutMs?: number): Promise<Session>;
}

export async function supervise(
  sandbox: Sandbox,
  options: SupervisorOptions = {},
): Promise<Supervised> {
  const supervisor = new Supervisor({ env: sandbox.env, ...options });
  const transitions: Transition[] = [];
  supervisor.on('transition', (t) => transitions.push(t));
  await supervisor.start();
  const find = (predicate: (s: Session) => boolean): Session | undefined =>
    supervisor.sessions().find(predicate);
  // A live session first; an ended row (kept after its session went) stands in once it is gone.
  const named = (name: string): Session | undefined =>
    find((s) => !s.ended && (s.name === name || s.displayName === name)) ??
    find((s) => s.name === name || s.displayName === name);
  return {
    supervisor,
    transitions,
    find,
    named,
    async reach(name, status, timeoutMs = WAIT_MS) {
      try {
        return await eventually(
          () => {
            const s = named(name);
            return s?.status === status ? s : null;
          },
          `${name} to be ${status}`,
          timeoutMs,
        );
      } catch (error) {
        const last = named(name);
        const seen = last ? `${last.status}: ${last.reason}` : 'absent';
        throw new Error(`${(error as Error).message} (last seen ${seen})`);
      }
    },
  };
}

/** The pid of a session's first pane. */
export async function panePid(
  sandbox: Sandbox,
  session: string,
  socketName = 'default',
): Promise<number> {
  return Number(
    (
      await sandbox.tmux(['display-message', '-p', '-t', `=${session}:`, '#{pane_pid}'], socketName)
    ).trim(),
  );
}

/** Write a line to a fixture's trigger FIFO (blocks until the fixture reads it). */
export async function trigger(fifo: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(fifo, 'go\n');
}

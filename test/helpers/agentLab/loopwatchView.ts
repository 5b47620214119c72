/**
 * What Loopwatch itself says about the lab's panes: a long-running
 * `loopwatch watch --json` and one-shot `list --json` / `status NAME --json`,
 * all through the CLI's entry point on the sandbox's private servers.
 */
import { runCli } from '../../../main/cli';
import {
  SessionSchema,
  SnapshotSchema,
  TransitionSchema,
  type Session,
  type SessionStatus,
  type Transition,
} from '../../../preload/contract';

export interface WatchView {
  /** The status `watch` last printed for the session named `name`. */
  statusOf(name: string): SessionStatus | undefined;
  /** Every transition printed for `name`, oldest first. */
  transitionsOf(name: string): Transition[];
  stop(): Promise<number>;
}

export function startWatch(env: NodeJS.ProcessEnv): WatchView {
  let stopWatch: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => (stopWatch = resolve));
  const initial = new Map<string, SessionStatus>();
  const transitions: Transition[] = [];
  let first = true;
  const running = runCli(['watch', '--json'], {
    out: (text) => {
      for (const line of text.split('\n').filter(Boolean)) {
        if (first) {
          first = false;
          for (const s of SnapshotSchema.parse(JSON.parse(line)).sessions)
            initial.set(s.name, s.status);
        } else transitions.push(TransitionSchema.parse(JSON.parse(line)));
      }
    },
    err: () => undefined,
    env,
    untilInterrupted: () => interrupted,
  });
  const transitionsOf = (name: string): Transition[] => transitions.filter((t) => t.name === name);
  return {
    statusOf: (name) => transitionsOf(name).at(-1)?.to ?? initial.get(name),
    transitionsOf,
    stop: () => {
      stopWatch();
      return running;
    },
  };
}

async function cliJson(env: NodeJS.ProcessEnv, args: string[]): Promise<unknown> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env,
    untilInterrupted: () => Promise.resolve(),
  });
  if (code !== 0) throw new Error(`loopwatch ${args.join(' ')}: exit ${code}: ${err.join('')}`);
  return JSON.parse(out.join('')) as unknown;
}

/** The session as `loopwatch list --json` shows it. */
export async function listed(env: NodeJS.ProcessEnv, name: string): Promise<Session | undefined> {
  const snapshot = SnapshotSchema.parse(await cliJson(env, ['list', '--json']));
  return snapshot.sessions.find((s) => s.name === name);
}

/** The session as `loopwatch status NAME --json` shows it. */
export async function statusOf(env: NodeJS.ProcessEnv, name: string): Promise<Session> {
  return SessionSchema.parse(await cliJson(env, ['status', name, '--json']));
}

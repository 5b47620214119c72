/**
 * Which session the supervisor's control client may attach to.
 *
 * A control client is a client like any other: on tmux 3.3 to 3.4 attaching
 * it to a session whose active pane is dead can crash the server (see
 * focusCrash.ts), and `attach-session` with no target picks the most recent
 * session, which is often the agent that just crashed. So just before each
 * attach a one-shot command (which attaches nothing) reads every pane, and
 * the client attaches by id to a session whose active pane is alive.
 * Loopwatch never creates a session of its own on the user's servers.
 */
import { TmuxMissingError, TmuxTimeoutError } from './errors';
import { execTmux } from './execTmux';
import { focusCrashAffected } from './focusCrash';

/** Session ids (`$N`), versions and 0/1 flags never hold a tab: a safe separator here. */
const SEP = '\t';
export const TARGET_FORMAT = [
  '#{version}',
  '#{session_id}',
  '#{session_attached}',
  '#{window_active}',
  '#{pane_active}',
  '#{pane_dead}',
].join(SEP);

export interface ControlTarget {
  /** The server's `#{version}` (null when it has no session to read it from). */
  version: string | null;
  affected: boolean;
  /** Session id to attach to; null: attach without a target (no session, or an unaffected server). */
  session: string | null;
  /** An affected server where every session's active pane is dead: do not attach at all. */
  unsafe: boolean;
  /** The probe got no answer in time: why (an attach would only wait as long again). */
  unresponsive?: string;
  /** No server answers on the socket (refused, gone): why. No control client is started for it. */
  down?: string;
}

interface SessionSummary {
  id: string;
  attached: boolean;
  activeAlive: boolean;
  allAlive: boolean;
  order: number;
}

/** Pick from `list-panes -a -F TARGET_FORMAT` output (pure). */
export function chooseControlTarget(output: string): ControlTarget {
  let version: string | null = null;
  const sessions = new Map<string, SessionSummary>();
  for (const line of output.split('\n')) {
    const parts = line.split(SEP);
    if (parts.length !== 6) continue;
    const [v = '', id = '', attached, windowActive, paneActive, dead] = parts;
    if (!/^\$\d+$/.test(id)) continue;
    version ??= v;
    let s = sessions.get(id);
    if (!s) {
      s = { id, attached: false, activeAlive: false, allAlive: true, order: Number(id.slice(1)) };
      sessions.set(id, s);
    }
    s.attached ||= Number(attached) > 0;
    if (dead === '1') s.allAlive = false;
    if (windowActive === '1' && paneActive === '1') s.activeAlive = dead !== '1';
  }
  const affected = focusCrashAffected(version);
  if (!affected || sessions.size === 0) return { version, affected, session: null, unsafe: false };
  const safe = [...sessions.values()].filter((s) => s.activeAlive);
  if (safe.length === 0) return { version, affected, session: null, unsafe: true };
  // Best first: a session a person already watches (our client adds no focus
  // there), then one with no dead pane at all (selecting another of its
  // windows cannot land our focus on a dead pane), then the oldest.
  safe.sort(
    (a, b) =>
      Number(b.attached) - Number(a.attached) ||
      Number(b.allAlive) - Number(a.allAlive) ||
      a.order - b.order,
  );
  return { version, affected, session: safe[0]?.id ?? null, unsafe: false };
}

/**
 * Read the server just before attaching. A failure (no server, no sessions)
 * is left to the attach itself to report, as before.
 */
export async function probeControlTarget(
  socket: string,
  run: typeof execTmux = execTmux,
): Promise<ControlTarget> {
  try {
    return chooseControlTarget(await run(socket, ['-N', 'list-panes', '-a', '-F', TARGET_FORMAT]));
  } catch (error) {
    const base = { version: null, affected: false, session: null, unsafe: false };
    if (error instanceof TmuxTimeoutError) return { ...base, unresponsive: error.message };
    // tmux missing: the attach says so in its own words.
    if (error instanceof TmuxMissingError) return base;
    // A server up with no session at all (exit-empty off): the attach reports it as up and empty.
    if (/no current target|no sessions/i.test((error as Error).message)) return base;
    return { ...base, down: (error as Error).message };
  }
}

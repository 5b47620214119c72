/**
 * Signals from tmux's process facts: dead panes with their exit status
 * (process rank, terminal) and recent output (activity rank). Every
 * session gets these; agent-aware sources add stronger ones.
 */
import type { ExitInfo } from '../../../preload/contract';
import { zombieExit } from '../proc/processes';
import type { PaneFacts, TmuxSessionFacts } from '../tmux/formats';
import type { Signal } from './engine';

/** Output within this window counts as "working" (tmux reports activity in whole seconds). */
export const ACTIVE_WINDOW_MS = 3_000;
/**
 * tmux can report a pane dead before it knows the exit status (its pty
 * closed before it reaped the process). Wait this long for the status
 * before saying "exit status unknown".
 */
export const DEAD_STATUS_GRACE_MS = 2_000;

export interface ProcessFacts {
  signals: Signal[];
  /** Exit of the session's process when every pane is dead, else null. */
  exit: ExitInfo | null;
  /** When these signals change by time alone (activity going quiet), or null. */
  recheckAt: number | null;
}

function deadSignal(pane: PaneFacts, at: number): Signal {
  const base = { rank: 'process' as const, signal: 'pane-dead', at, terminal: true };
  if (pane.exitSignal !== null) {
    return {
      ...base,
      status: 'crashed',
      detail: `pane ${pane.id} was killed by signal ${pane.exitSignal}`,
    };
  }
  if (pane.exitStatus !== null && pane.exitStatus !== 0) {
    return {
      ...base,
      status: 'crashed',
      detail: `pane ${pane.id} exited with status ${pane.exitStatus}`,
    };
  }
  if (pane.exitStatus === 0) {
    return { ...base, status: 'done', detail: `pane ${pane.id} exited with status 0` };
  }
  return { ...base, status: 'unknown', detail: `pane ${pane.id} is dead, exit status unknown` };
}

/** Worst first: a killed or failed pane says more than one that exited 0. */
function severity(pane: PaneFacts): number {
  if (pane.exitSignal !== null) return 0;
  if (pane.exitStatus !== null && pane.exitStatus !== 0) return 1;
  if (pane.exitStatus === null) return 2;
  return 3;
}

/** The activity signal alone (pipelines whose tmux session is gone have none). */
export function activitySignal(lastActivity: number | null, nowMs: number): Signal {
  if (lastActivity === null) {
    return {
      rank: 'activity',
      status: 'idle',
      signal: 'activity',
      detail: 'no output seen',
      at: 0,
      fallback: true,
    };
  }
  const at = lastActivity * 1000;
  if (nowMs - at <= ACTIVE_WINDOW_MS) {
    return {
      rank: 'activity',
      status: 'working',
      signal: 'activity',
      detail: 'output in the last few seconds',
      at,
    };
  }
  return {
    rank: 'activity',
    status: 'idle',
    signal: 'activity',
    detail: `quiet since ${quietTime(at)}`,
    at,
    fallback: true,
  };
}

/** "2026-11-21 06:38:40 UTC": a fixed moment (the reason must not change while nothing happens). */
function quietTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Evidence carries the time of the fact itself (the pane's death, the last
 * output), not the time we looked, so an unchanged session stays unchanged.
 */
/** A dead pane with its exit filled in from the zombie process when tmux does not know it yet. */
function withExit(pane: PaneFacts): PaneFacts {
  if (pane.exitStatus !== null || pane.exitSignal !== null || pane.deadPid === null) return pane;
  const exit = zombieExit(pane.deadPid);
  return exit ? { ...pane, exitStatus: exit.status, exitSignal: exit.signal } : pane;
}

export function processFacts(facts: TmuxSessionFacts, nowMs: number): ProcessFacts {
  const dead = facts.panes.filter((p) => p.dead).map(withExit);
  const unknownSince = Math.max(
    ...dead.map((p) => (p.exitStatus === null && p.exitSignal === null ? (p.deadSeenAt ?? 0) : 0)),
  );
  if (
    dead.length > 0 &&
    dead.length === facts.panes.length &&
    nowMs < unknownSince + DEAD_STATUS_GRACE_MS
  ) {
    // Dead, status still coming: keep saying what the output said for a moment.
    const activity = activitySignal(facts.lastActivity, nowMs);
    return { signals: [activity], exit: null, recheckAt: unknownSince + DEAD_STATUS_GRACE_MS + 1 };
  }
  if (facts.panes.length > 0 && dead.length === facts.panes.length) {
    const pane = [...dead].sort((a, b) => severity(a) - severity(b))[0]!;
    const at = (pane.deadAt ?? facts.lastActivity ?? facts.createdAt ?? 0) * 1000;
    return {
      signals: [deadSignal(pane, at)],
      exit: {
        status: pane.exitStatus,
        signal: pane.exitSignal,
        at: pane.deadAt === null ? null : new Date(pane.deadAt * 1000).toISOString(),
      },
      recheckAt: null,
    };
  }
  const activity = activitySignal(facts.lastActivity, nowMs);
  return {
    signals: [activity],
    exit: null,
    recheckAt: activity.status === 'working' ? activity.at + ACTIVE_WINDOW_MS + 1 : null,
  };
}

/** What a session with some (not all) of its panes dead says about them. */
export interface DeadPanesFacts {
  /** Dead panes that ran the session's agent: terminal, they decide (rule 1). */
  signals: Signal[];
  /** The other dead panes: evidence shown beside the verdict, never deciding. */
  notes: Signal[];
  recheckAt: number | null;
}

/**
 * Dead panes inside a live session (remain-on-exit keeps them): each one is
 * named with its window and exit. When it ran the session's agent, the
 * agent ended however the rest of the session looks; another pane's death
 * (a build in window 2) is shown, not decided on.
 */
export function deadPanesFacts(
  facts: TmuxSessionFacts,
  isAgentPane: (pane: PaneFacts) => boolean,
  nowMs: number,
): DeadPanesFacts {
  const out: DeadPanesFacts = { signals: [], notes: [], recheckAt: null };
  const dead = facts.panes.filter((p) => p.dead).map(withExit);
  // All dead: processFacts already says how the session ended.
  if (dead.length === 0 || dead.length === facts.panes.length) return out;
  for (const pane of dead) {
    const at = (pane.deadAt ?? facts.lastActivity ?? facts.createdAt ?? 0) * 1000;
    const signal = deadSignal(pane, at);
    signal.detail = signal.detail.replace(
      `pane ${pane.id} `,
      `pane ${pane.id} (window ${pane.windowIndex}) `,
    );
    const exitUnknown = pane.exitStatus === null && pane.exitSignal === null;
    const statusComing = exitUnknown && nowMs < (pane.deadSeenAt ?? 0) + DEAD_STATUS_GRACE_MS;
    if (statusComing) {
      // Its exit status is still coming: say nothing yet, look again.
      const recheck = (pane.deadSeenAt ?? 0) + DEAD_STATUS_GRACE_MS + 1;
      out.recheckAt = Math.min(out.recheckAt ?? recheck, recheck);
    } else if (isAgentPane(pane)) {
      out.signals.push(signal);
    } else {
      out.notes.push({ ...signal, terminal: false });
    }
  }
  return out;
}

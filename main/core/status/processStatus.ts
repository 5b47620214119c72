/**
 * Status from tmux's process facts alone: dead panes with their exit status,
 * and recent output. This is the fallback every session gets; agent-aware
 * sources refine it with stronger signals.
 */
import type { Evidence, SessionStatus } from '../../../preload/contract';
import type { TmuxSessionFacts } from '../tmux/formats';

/** Output within this window counts as "working" for a plain session. */
export const ACTIVE_WINDOW_S = 3;

export interface StatusVerdict {
  status: SessionStatus;
  reason: string;
  evidence: Evidence[];
}

/**
 * Evidence carries the time of the fact itself (the pane's death, the last
 * output), not the time we looked, so an unchanged session stays unchanged.
 */
export function processStatus(facts: TmuxSessionFacts, nowMs: number): StatusVerdict {
  const seen = (seconds: number | null): string =>
    new Date(seconds === null ? (facts.createdAt ?? 0) * 1000 : seconds * 1000).toISOString();
  const alive = facts.panes.filter((p) => !p.dead);
  const dead = facts.panes.filter((p) => p.dead);
  if (facts.panes.length > 0 && alive.length === 0) {
    const pane = dead[0]!;
    const at = seen(pane.deadAt);
    if (pane.exitSignal !== null) {
      const detail = `pane ${pane.id} was killed by signal ${pane.exitSignal}`;
      return verdict('crashed', detail, 'process', 'pane-dead', at);
    }
    if (pane.exitStatus !== null && pane.exitStatus !== 0) {
      const detail = `pane ${pane.id} exited with status ${pane.exitStatus}`;
      return verdict('crashed', detail, 'process', 'pane-dead', at);
    }
    if (pane.exitStatus === 0) {
      return verdict('done', `pane ${pane.id} exited with status 0`, 'process', 'pane-dead', at);
    }
    return verdict(
      'unknown',
      `pane ${pane.id} is dead, exit status unknown`,
      'process',
      'pane-dead',
      at,
    );
  }
  const last = facts.lastActivity;
  const at = seen(last);
  if (last !== null && nowMs / 1000 - last <= ACTIVE_WINDOW_S) {
    return verdict('working', 'output in the last few seconds', 'activity', 'activity', at);
  }
  const quiet =
    last === null ? 'no output seen' : `quiet since ${new Date(last * 1000).toISOString()}`;
  return verdict('idle', quiet, 'activity', 'activity', at);
}

function verdict(
  status: SessionStatus,
  detail: string,
  rank: Evidence['rank'],
  signal: string,
  at: string,
): StatusVerdict {
  return { status, reason: detail, evidence: [{ rank, signal, detail, at }] };
}

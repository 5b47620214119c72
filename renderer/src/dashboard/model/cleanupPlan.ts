/**
 * What cleaning up a session's problems would do, step by step, for the
 * Problems view. Display only: the lifecycle actions (kill, cleanup) carry
 * it out after their own confirmation. Mirrors the pipeline engine's
 * cleanup classes (FIELD.md: STALE_LOCK, ORPHAN_TMUX, ZOMBIE_STATE) and the
 * tmux skill's dead-pane cleanup.
 */
import type { Session, SessionFlags } from '../../../../preload/contract';

export interface PlanStep {
  flag: keyof SessionFlags;
  /** Why this is a problem: the evidence, in words. */
  evidence: string;
  /** What cleanup would do. */
  action: string;
  /** What goes away for good. */
  removes: string;
}

function deadPaneEvidence(session: Session): string {
  const dead = session.panes.filter((p) => p.dead);
  if (dead.length === 0) return 'a pane lost its process';
  return dead
    .map((p) => {
      if (p.exitSignal !== null) return `pane ${p.id} was killed by signal ${p.exitSignal}`;
      if (p.exitStatus !== null) return `pane ${p.id} exited with status ${p.exitStatus}`;
      return `pane ${p.id} is dead`;
    })
    .join('; ');
}

function target(session: Session): string {
  return `tmux session ${session.name}${session.socket ? ` on ${session.socket}` : ''}`;
}

export function cleanupPlan(session: Session): PlanStep[] {
  const steps: PlanStep[] = [];
  const lock = session.lock;
  if (session.flags.staleLock) {
    steps.push({
      flag: 'staleLock',
      evidence: lock
        ? `lock ${lock.path} names pid ${lock.pid ?? '?'}, which is not running`
        : 'the lock names a process that is not running',
      action: `remove the lock file${lock ? ` ${lock.path}` : ''}`,
      removes: 'the lock file (the run can then be resumed or restarted)',
    });
  }
  if (session.flags.orphan) {
    steps.push({
      flag: 'orphan',
      evidence: `${target(session)} has no lock and no state file`,
      action: `kill ${target(session)}`,
      removes: 'the tmux session and what its panes still run',
    });
  }
  if (session.flags.zombie) {
    const state = session.pipeline?.stateFile;
    steps.push({
      flag: 'zombie',
      evidence: `${state ?? 'state.json'} says running, but no tmux session or live lock holder runs it`,
      action: `mark the run failed${state ? ` in ${state}` : ''} (a backup of the file is kept)`,
      removes: 'nothing: the run is recorded as failed',
    });
  }
  if (session.flags.deadPane && !cleanExit(session)) {
    steps.push({
      flag: 'deadPane',
      evidence: deadPaneEvidence(session),
      action: `kill ${target(session)} (read its last screen in the details first)`,
      removes: 'the tmux session and the dead pane’s last screen',
    });
  }
  return steps;
}

/** A run that finished with status 0: its kept pane is the result, not a problem. */
export function cleanExit(session: Session): boolean {
  const dead = session.panes.filter((p) => p.dead);
  return (
    session.status === 'done' &&
    dead.length > 0 &&
    dead.every((p) => p.exitStatus === 0 && p.exitSignal === null)
  );
}

/** The flags that are problems: a dead pane of a clean exit is not one. */
export function problemFlags(session: Session): (keyof SessionFlags)[] {
  const f = session.flags;
  const flags: (keyof SessionFlags)[] = [];
  if (f.staleLock) flags.push('staleLock');
  if (f.orphan) flags.push('orphan');
  if (f.zombie) flags.push('zombie');
  if (f.deadPane && !cleanExit(session)) flags.push('deadPane');
  return flags;
}

export function hasProblems(session: Session): boolean {
  return problemFlags(session).length > 0;
}

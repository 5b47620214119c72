/**
 * The status engine: signals in, one verdict (status, reason, evidence) out.
 *
 * PRECEDENCE: the rule every source relies on.
 *
 * A signal has a rank (strongest first: agent > process > screen >
 * activity), a status, a human detail, and `at`: when the fact it reports
 * happened (never when we looked). `seenAt` is the latest moment the fact was
 * confirmed (a screen re-captured showing the same prompt); it defaults to `at`.
 *
 * 1. A dead process is terminal. When a process-rank signal says the process
 *    is gone (`terminal`: pane dead, lock holder died, run's session gone),
 *    only terminal signals count. An agent's own final word (pipeline state
 *    "complete" or "failed", schmux "completed" or "error") explains the end
 *    and wins; otherwise the process fact decides. No non-terminal signal of
 *    any rank (say a stale "working" hook) keeps a dead process working.
 * 2. Otherwise the strongest signal decides (within a rank, the newest).
 * 3. A weaker signal overrides the current decider only when it says a
 *    different status AND it was seen after the decider's hold window ended:
 *    `weaker.seenAt > decider.at + HOLD_MS[decider.rank]`. So a fresher
 *    lower-rank signal never overwrites a fresh higher-rank one, but a prompt
 *    seen on screen a minute after a "working" hook is believed. The walk
 *    goes down the ranks; each step compares with the current decider.
 *    Against a screen decider, output (activity) counts only when it came
 *    after the screen was last read (`decider.seenAt`, not `at`): the screen
 *    is read again after output, so a screen re-read since is the newer
 *    fact. And output never overrides a question on screen ("waiting"): the
 *    screen of a pane showing one is re-read at the busy pace while output
 *    flows, so the answer shows there; an agent that keeps redrawing its
 *    question (Codex) stays waiting, in `watch` as in `list`.
 * 4. Process facts and an agent's final word (done, crashed) hold forever:
 *    only rule 1 or a newer signal of their own rank replaces them.
 * 5. Quiet is not evidence: a `fallback` signal (activity "idle", a file we
 *    could not read) decides only when no other signal exists, strongest
 *    rank first.
 * 6. No signal at all: unknown. Done and crashed are only ever claimed by a
 *    signal that says so (an exit status, a state file, an agent's event).
 */
import type { Evidence, EvidenceRule, SessionStatus, SignalRank } from '../../../preload/contract';

export interface Signal {
  rank: SignalRank;
  status: SessionStatus;
  /** Machine name, e.g. "hook:PermissionRequest", "pane-dead", "screen:claude-permission". */
  signal: string;
  /** Human sentence naming the evidence, e.g. "pane %3 exited with status 3". */
  detail: string;
  /** When the fact happened (ms since the epoch). */
  at: number;
  /** Latest confirmation of the same fact (ms); defaults to `at`. */
  seenAt?: number;
  /** Process rank only: the process is gone (rule 1). */
  terminal?: boolean;
  /** Decides only when nothing else speaks (rule 5). */
  fallback?: boolean;
  /** Screen rank: the detection rule that read the screen. */
  rule?: EvidenceRule;
}

export interface Verdict {
  status: SessionStatus;
  reason: string;
  /** The deciding signal first, then the others by rank. */
  evidence: Evidence[];
  decidedBy: Signal | null;
}

const RANK_ORDER: Readonly<Record<SignalRank, number>> = {
  agent: 0,
  process: 1,
  screen: 2,
  activity: 3,
};

/**
 * How long a signal shields its status from a weaker one (rule 3), by rank.
 * Agent events: 3 s, long enough for the screen to catch up with a hook
 * (the permission dialog is drawn just after the hook fires). Screen: 1.5 s,
 * the quiet time other supervisors wait before believing a screen.
 */
export const HOLD_MS: Readonly<Record<SignalRank, number>> = {
  agent: 3_000,
  process: Number.POSITIVE_INFINITY,
  screen: 1_500,
  activity: 0,
};

const FINAL: ReadonlySet<SessionStatus> = new Set(['done', 'crashed']);

function holdOf(signal: Signal): number {
  if (signal.rank === 'agent' && FINAL.has(signal.status)) return Number.POSITIVE_INFINITY;
  return HOLD_MS[signal.rank];
}

/** Strongest rank first; within a rank, newest first. */
function byStrength(a: Signal, b: Signal): number {
  return RANK_ORDER[a.rank] - RANK_ORDER[b.rank] || b.at - a.at;
}

function isTerminal(signal: Signal): boolean {
  return signal.terminal === true || (signal.rank === 'agent' && FINAL.has(signal.status));
}

export function decide(signals: readonly Signal[]): Verdict {
  const sorted = [...signals].sort(byStrength);
  const decider = pick(sorted);
  if (!decider) {
    return {
      status: 'unknown',
      reason: 'nothing known about it yet',
      evidence: [],
      decidedBy: null,
    };
  }
  const rest = sorted.filter((s) => s !== decider);
  return {
    status: decider.status,
    reason: decider.detail,
    evidence: [decider, ...rest].map(toEvidence),
    decidedBy: decider,
  };
}

function pick(sorted: readonly Signal[]): Signal | null {
  // Rule 1: a dead process ends the debate among terminal signals.
  if (sorted.some((s) => s.rank === 'process' && s.terminal === true)) {
    return sorted.find(isTerminal) ?? null;
  }
  const active = sorted.filter((s) => !s.fallback);
  // Rule 5: fallbacks only when nothing else speaks.
  if (active.length === 0) return sorted[0] ?? null;
  // Rules 2 to 4.
  let decider = active[0]!;
  for (const weaker of active.slice(1)) {
    if (weaker.rank === decider.rank || weaker.status === decider.status) continue;
    // Output is no answer to a question on screen (see rule 3).
    if (decider.rank === 'screen' && decider.status === 'waiting' && weaker.rank === 'activity')
      continue;
    const seen = weaker.seenAt ?? weaker.at;
    const reference =
      decider.rank === 'screen' && weaker.rank === 'activity'
        ? (decider.seenAt ?? decider.at)
        : decider.at;
    if (seen > reference + holdOf(decider)) decider = weaker;
  }
  return decider;
}

/** A signal as the evidence a session shows. */
export function toEvidence(signal: Signal): Evidence {
  return {
    rank: signal.rank,
    signal: signal.signal,
    detail: signal.detail,
    at: new Date(signal.at).toISOString(),
    ...(signal.rule ? { rule: signal.rule } : {}),
  };
}

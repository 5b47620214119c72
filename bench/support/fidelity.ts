/**
 * Scoring for the fidelity bench: expected vs reported statuses, per agent
 * and state, waiting recall and precision, false done and false crashed.
 */
export interface Verdict {
  agent: string;
  /** Where it came from: "fixture" or "live". */
  source: 'fixture' | 'live';
  label: string;
  expected: string;
  reported: string;
}

export interface StateScore {
  n: number;
  correct: number;
  /** Reported status → how many (only the wrong ones). */
  wrong: Record<string, number>;
}

export interface AgentScore {
  states: Record<string, StateScore>;
  waiting: { recall: number | null; precision: number | null; screens: number };
}

export interface Score {
  agents: Record<string, AgentScore>;
  waiting: { recall: number | null; precision: number | null };
  false_done: number;
  false_crashed: number;
}

const ratio = (a: number, b: number): number | null =>
  b === 0 ? null : Math.round((a / b) * 1000) / 1000;

function waitingOf(verdicts: readonly Verdict[]): {
  recall: number | null;
  precision: number | null;
} {
  const truePositives = verdicts.filter(
    (v) => v.expected === 'waiting' && v.reported === 'waiting',
  );
  const expected = verdicts.filter((v) => v.expected === 'waiting').length;
  const reported = verdicts.filter((v) => v.reported === 'waiting').length;
  return {
    recall: ratio(truePositives.length, expected),
    precision: ratio(truePositives.length, reported),
  };
}

export function score(verdicts: readonly Verdict[]): Score {
  const agents: Record<string, AgentScore> = {};
  for (const agent of [...new Set(verdicts.map((v) => v.agent))].sort()) {
    const mine = verdicts.filter((v) => v.agent === agent);
    const states: Record<string, StateScore> = {};
    for (const v of mine) {
      const s = (states[v.expected] ??= { n: 0, correct: 0, wrong: {} });
      s.n += 1;
      if (v.reported === v.expected) s.correct += 1;
      else s.wrong[v.reported] = (s.wrong[v.reported] ?? 0) + 1;
    }
    agents[agent] = {
      states,
      waiting: { ...waitingOf(mine), screens: mine.filter((v) => v.expected === 'waiting').length },
    };
  }
  return {
    agents,
    waiting: waitingOf(verdicts),
    false_done: verdicts.filter((v) => v.reported === 'done' && v.expected !== 'done').length,
    false_crashed: verdicts.filter((v) => v.reported === 'crashed' && v.expected !== 'crashed')
      .length,
  };
}

import { describe, expect, it } from 'vitest';
import { score, type Verdict } from '../../../bench/support/fidelity';

const v = (agent: string, expected: string, reported: string): Verdict => ({
  agent,
  source: 'fixture',
  label: 'x',
  expected,
  reported,
});

describe('fidelity score', () => {
  it('waiting recall and precision, per state counts, false done and crashed', () => {
    const s = score([
      v('codex', 'waiting', 'waiting'),
      v('codex', 'waiting', 'working'),
      v('codex', 'idle', 'waiting'),
      v('gemini', 'working', 'done'),
      v('gemini', 'idle', 'crashed'),
      v('gemini', 'crashed', 'crashed'),
    ]);
    expect(s.waiting).toEqual({ recall: 0.5, precision: 0.5 });
    expect(s.agents.codex!.states.waiting).toEqual({ n: 2, correct: 1, wrong: { working: 1 } });
    expect(s.agents.gemini!.waiting).toEqual({ recall: null, precision: null, screens: 0 });
    expect(s.false_done).toBe(1);
    expect(s.false_crashed).toBe(1);
  });
});

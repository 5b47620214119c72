import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../main/cli';

describe('loopwatch hook (as an agent runs it)', () => {
  it('exits 0 and prints nothing, with no supervisor and with arguments it does not know', async () => {
    const out: string[] = [];
    const env = { LOOPWATCH_RUNTIME_DIR: '/nonexistent/loopwatch-runtime' };
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => out.push(t),
      env,
      untilInterrupted: () => Promise.resolve(),
    };
    expect(await runCli(['hook', '--codex', '{"type":"agent-turn-complete"}'], io)).toBe(0);
    expect(await runCli(['hook', '--codex'], io)).toBe(0);
    expect(await runCli(['hook', '--what', '-h'], io)).toBe(0);
    expect(out).toEqual([]);
  });
});

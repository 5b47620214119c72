import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PaneAgents, REIDENTIFY_MS } from '../../../../../main/core/agents/paneAgents';
import { RuleSet } from '../../../../../main/core/status/rules/ruleSet';
import { samplePaneFacts } from '../../../../helpers/paneFacts';

describe('PaneAgents: when /proc is read afresh', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-12-06T07:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a shell looked at again shares the last scan; a changed program gets a fresh one', async () => {
    const scans: boolean[] = [];
    const agents = new PaneAgents(new RuleSet(), (pid, fresh) => {
      scans.push(fresh);
      return Promise.resolve([{ pid, argv: ['bash'], hint: null }]);
    });
    const shell = samplePaneFacts({ pid: 42, currentCommand: 'bash' });
    expect((await agents.identify('/s', shell)).agent).toBeNull();
    // Within the re-identify interval: the last answer, nothing read.
    expect((await agents.identify('/s', shell)).agent).toBeNull();
    expect(scans).toEqual([false]);
    // Later, the same program: looked at again, from the scan shared by every pane.
    vi.advanceTimersByTime(REIDENTIFY_MS);
    await agents.identify('/s', shell);
    expect(scans).toEqual([false, false]);
    // Its program changed: a scan from before may miss the new process.
    await agents.identify('/s', { ...shell, currentCommand: 'node' });
    expect(scans).toEqual([false, false, true]);
  });
});

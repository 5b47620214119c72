/**
 * An agent that redraws the same question over and over (Codex repaints its
 * screen about every 2 s): output, but no change. The live supervisor
 * (`watch`) and a one-shot look (`list`) must both say waiting, from the
 * screen's content, not from "there was output".
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotOnce } from '../../../main/core/snapshotOnce';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';
import { AGENTS, FIXTURES, supervise, type Supervised } from '../../helpers/supervise';

/** Redraw interval: faster than Codex, so the test sees many redraws in little time. */
const REDRAW_S = '0.5';
/** Redraws watched after the prompt is first seen (each one is output tmux reports). */
const REDRAWS_WATCHED = 8;

describe('a prompt redrawn identically (real tmux)', () => {
  let sandbox: Sandbox;
  let s: Supervised;

  beforeAll(async () => {
    sandbox = await createSandbox();
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'codex-redraw',
      '-x',
      '120',
      '-y',
      '40',
      '-e',
      'LOOPWATCH_AGENT=codex',
      '--',
      'bash',
      join(AGENTS, 'redraw-screen.sh'),
      join(FIXTURES, 'screens', 'codex', 'synthetic', 'waiting--command-approval.txt'),
      REDRAW_S,
    ]);
    s = await supervise(sandbox);
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  it('watch stays waiting through the redraws, and list agrees', async () => {
    await s.reach('codex-redraw', 'waiting');
    const transitionsBefore = s.transitions.filter((t) => t.name === 'codex-redraw').length;
    // Watch the redraws go by: count them by the pane's activity, not by the clock.
    const activityOf = async (): Promise<string> =>
      (
        await sandbox.tmux(['display-message', '-p', '-t', '=codex-redraw:', '#{window_activity}'])
      ).trim();
    const seen = new Set<string>([await activityOf()]);
    while (seen.size <= REDRAWS_WATCHED / 2) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen.add(await activityOf());
      expect(s.named('codex-redraw')?.status).toBe('waiting');
    }
    expect(s.transitions.filter((t) => t.name === 'codex-redraw').length).toBe(transitionsBefore);
    const once = await snapshotOnce({ env: sandbox.env });
    expect(once.sessions.find((x) => x.name === 'codex-redraw')).toMatchObject({
      status: 'waiting',
      agent: 'codex',
      reason: 'Codex approval: git push --force origin main',
    });
    expect(s.named('codex-redraw')?.reason).toBe('Codex approval: git push --force origin main');
  });
});

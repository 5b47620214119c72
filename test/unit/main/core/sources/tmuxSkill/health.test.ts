import { describe, expect, it } from 'vitest';
import { skillHealth } from '../../../../../../main/core/sources/tmuxSkill/health';
import { samplePaneFacts } from '../../../../../helpers/paneFacts';
import type { PaneFacts, TmuxSessionFacts } from '../../../../../../main/core/tmux/formats';

function facts(pane: Partial<PaneFacts>): TmuxSessionFacts {
  return {
    sessionId: '$1',
    name: 'calc',
    createdAt: null,
    windows: 1,
    path: '/',
    lastActivity: null,
    attachedClients: 0,
    panes: [samplePaneFacts({ pid: 100, currentCommand: 'python3', ...pane })],
  };
}

describe("the tmux skill's health classes", () => {
  const alive = (): boolean => true;
  const gone = (): boolean => false;
  it('healthy, dead, missing, zombie, server down', () => {
    expect(skillHealth(true, facts({}), 'calc:0.0', alive)).toBe('healthy');
    expect(skillHealth(true, facts({ dead: true, pid: null }), 'calc:0.0', alive)).toBe('dead');
    expect(skillHealth(true, null, 'calc:0.0', alive)).toBe('missing');
    expect(skillHealth(true, facts({}), 'calc:0.0', gone)).toBe('zombie');
    expect(skillHealth(false, null, 'calc:0.0', alive)).toBe('serverDown');
  });
  it('a target naming a pane that does not exist falls back to the active pane', () => {
    expect(skillHealth(true, facts({}), 'calc:3.1', alive)).toBe('healthy');
  });
});

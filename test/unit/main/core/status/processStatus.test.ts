import { describe, expect, it } from 'vitest';
import { processStatus } from '../../../../../main/core/status/processStatus';
import type { PaneFacts, TmuxSessionFacts } from '../../../../../main/core/tmux/formats';

const NOW = Date.parse('2026-11-21T10:00:00Z');

function pane(overrides: Partial<PaneFacts> = {}): PaneFacts {
  return {
    id: '%1',
    windowIndex: 0,
    paneIndex: 0,
    active: true,
    pid: 10,
    currentCommand: 'bash',
    currentPath: '/',
    title: '',
    width: 80,
    height: 24,
    dead: false,
    exitStatus: null,
    exitSignal: null,
    windowActivity: NOW / 1000,
    deadAt: null,
    bell: false,
    cursorX: 0,
    cursorY: 0,
    historySize: 0,
    ...overrides,
  };
}

function facts(panes: PaneFacts[], lastActivity: number | null = NOW / 1000): TmuxSessionFacts {
  return {
    sessionId: '$1',
    name: 's',
    createdAt: null,
    windows: 1,
    path: '/',
    panes,
    lastActivity,
    attachedClients: 0,
  };
}

describe('processStatus', () => {
  it('done only with exit status 0 as evidence', () => {
    const v = processStatus(facts([pane({ dead: true, exitStatus: 0 })]), NOW);
    expect(v).toMatchObject({ status: 'done', reason: 'pane %1 exited with status 0' });
    expect(v.evidence[0]).toMatchObject({ rank: 'process', signal: 'pane-dead' });
  });

  it('crashed on a non-zero exit or a signal', () => {
    expect(processStatus(facts([pane({ dead: true, exitStatus: 3 })]), NOW).status).toBe('crashed');
    const killed = processStatus(facts([pane({ dead: true, exitSignal: 9 })]), NOW);
    expect(killed).toMatchObject({ status: 'crashed', reason: 'pane %1 was killed by signal 9' });
  });

  it('unknown, not done, when a dead pane has no exit status', () => {
    expect(processStatus(facts([pane({ dead: true })]), NOW).status).toBe('unknown');
  });

  it('working with recent output, idle when quiet', () => {
    expect(processStatus(facts([pane()]), NOW).status).toBe('working');
    expect(processStatus(facts([pane()], NOW / 1000 - 60), NOW).status).toBe('idle');
  });

  it('a session with one live pane is not finished', () => {
    const v = processStatus(facts([pane({ dead: true, exitStatus: 0 }), pane({ id: '%2' })]), NOW);
    expect(v.status).toBe('working');
  });
});

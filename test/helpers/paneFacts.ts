import type { PaneFacts } from '../../main/core/tmux/formats';

/** A live pane as one tmux poll reports it; override what the test is about. */
export function samplePaneFacts(overrides: Partial<PaneFacts> = {}): PaneFacts {
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
    windowActivity: null,
    windowActive: true,
    deadAt: null,
    deadPid: null,
    deadSeenAt: null,
    keepsDead: false,
    bell: false,
    cursorX: 0,
    cursorY: 0,
    historySize: 0,
    ...overrides,
  };
}

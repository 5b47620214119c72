import type { Session } from '../../preload/contract';

/** A valid Session to start tests from; override what the test is about. */
export function sampleSession(overrides: Partial<Session> = {}): Session {
  const at = '2026-11-21T03:04:05.000Z';
  return {
    id: 'tmux:/tmp/tmux-1000/default:pipeline-auth',
    name: 'pipeline-auth',
    displayName: 'pipeline-auth',
    source: 'pipeline',
    socket: '/tmp/tmux-1000/default',
    live: true,
    createdAt: at,
    attachedClients: 0,
    windows: 1,
    panes: [
      {
        id: '%0',
        windowIndex: 0,
        paneIndex: 0,
        active: true,
        pid: 4242,
        currentCommand: 'claude',
        currentPath: '/home/u/project',
        title: '',
        width: 80,
        height: 24,
        dead: false,
        exitStatus: null,
        exitSignal: null,
      },
    ],
    projectDir: '/home/u/project',
    lastActivityAt: at,
    status: 'working',
    reason: 'output in the last few seconds',
    since: at,
    evidence: [{ rank: 'activity', signal: 'activity', detail: 'output', at }],
    flags: { staleLock: false, orphan: false, zombie: false, deadPane: false },
    lock: null,
    pipeline: null,
    schmux: null,
    tmuxSkill: null,
    ...overrides,
  };
}

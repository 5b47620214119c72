import { describe, expect, it } from 'vitest';
import { findSessions } from '../../../../main/cli/findSessions';
import { sampleSession } from '../../../helpers/samples';

const on = (socket: string, name: string) =>
  sampleSession({ id: `tmux:${socket}:${name}`, name, displayName: name, socket });

const SESSIONS = [
  on('/tmp/tmux-1000/default', 'shell'),
  on('/tmp/tmux-1000/other', 'shell'),
  on('/tmp/tmux-1000/other', 'api'),
];

describe('findSessions', () => {
  it('finds by name (both servers), by SERVER:NAME (socket name or path), by id', () => {
    expect(findSessions(SESSIONS, 'shell')).toHaveLength(2);
    expect(findSessions(SESSIONS, 'other:shell').map((s) => s.socket)).toEqual([
      '/tmp/tmux-1000/other',
    ]);
    expect(findSessions(SESSIONS, '/tmp/tmux-1000/default:shell').map((s) => s.id)).toEqual([
      'tmux:/tmp/tmux-1000/default:shell',
    ]);
    expect(findSessions(SESSIONS, 'tmux:/tmp/tmux-1000/other:api')).toHaveLength(1);
    expect(findSessions(SESSIONS, 'nowhere:shell')).toEqual([]);
    expect(findSessions(SESSIONS, 'other:nothing')).toEqual([]);
  });

  it('takes a remote host name as SERVER; a live session wins over an ended one of its name', () => {
    const remote = sampleSession({
      id: 'tmux@gpu:/tmp/tmux-1000/default:train',
      name: 'train',
      displayName: 'train',
      socket: '/tmp/tmux-1000/default',
      host: 'gpu',
    });
    const ended = sampleSession({
      id: 'ended:train',
      name: 'train',
      displayName: 'train',
      socket: null,
      live: false,
      ended: {
        endedAt: '2026-11-21T09:00:00.000Z',
        lastStatus: 'working',
        lastReason: 'was working',
        screenLines: 0,
        log: null,
      },
    });
    expect(findSessions([...SESSIONS, remote], 'gpu:train').map((s) => s.id)).toEqual([remote.id]);
    expect(findSessions([...SESSIONS, ended, remote], 'train').map((s) => s.id)).toEqual([
      remote.id,
    ]);
    expect(findSessions([...SESSIONS, ended], 'train').map((s) => s.id)).toEqual([ended.id]);
  });

  it('finds by nickname', () => {
    const nicknames = new Map([['tmux:/tmp/tmux-1000/other:api', 'the api work']]);
    expect(findSessions(SESSIONS, 'the api work', nicknames).map((s) => s.name)).toEqual(['api']);
  });
});

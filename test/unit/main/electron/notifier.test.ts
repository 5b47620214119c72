import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoopwatchNotification } from '../../../../preload/contract';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const { createNativeNotifier } = await import('../../../../main/electron/notifier');

function note(overrides: Partial<LoopwatchNotification> = {}): LoopwatchNotification {
  return {
    id: 'n1',
    kind: 'needsYou',
    title: 'api needs you',
    body: 'api-repo · Permission prompt: Bash(rm -rf build)',
    sessionId: 'tmux:/s:api',
    sessionIds: ['tmux:/s:api'],
    silent: false,
    at: '2026-11-21T10:00:00.000Z',
    ...overrides,
  };
}

beforeEach(() => electron.reset());

describe('native notifier', () => {
  it('shows the title and body, with sound as the settings say', () => {
    const notifier = createNativeNotifier(vi.fn());
    notifier.show(note());
    notifier.show(note({ id: 'n2', kind: 'crashed', title: 'x crashed', silent: true }));
    expect(electron.Notification.instances.map((n) => n.options)).toEqual([
      {
        title: 'api needs you',
        body: 'api-repo · Permission prompt: Bash(rm -rf build)',
        silent: false,
        urgency: 'normal',
      },
      { title: 'x crashed', body: note().body, silent: true, urgency: 'critical' },
    ]);
    expect(electron.Notification.instances.every((n) => n.show.mock.calls.length === 1)).toBe(true);
  });

  it('hands a click to the shell with the notification clicked', () => {
    const onClick = vi.fn();
    const notifier = createNativeNotifier(onClick);
    notifier.show(note());
    electron.Notification.instances[0]!.emit('click');
    expect(onClick).toHaveBeenCalledWith(note());
  });

  it('shows nothing where the system has no notifications', () => {
    electron.Notification.isSupported.mockReturnValueOnce(false);
    createNativeNotifier(vi.fn()).show(note());
    expect(electron.Notification.instances).toEqual([]);
  });

  it('closes what is still on screen when disposed', () => {
    const notifier = createNativeNotifier(vi.fn());
    notifier.show(note());
    notifier.show(note({ id: 'n2' }));
    electron.Notification.instances[0]!.emit('click');
    notifier.dispose();
    expect(electron.Notification.instances[0]!.close).not.toHaveBeenCalled();
    expect(electron.Notification.instances[1]!.close).toHaveBeenCalled();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createOpenTerminal } from '../../../../main/pty/openTerminal';
import { sampleSession } from '../../../helpers/samples';

describe('openTerminal', () => {
  const live = sampleSession({
    id: 'tmux:/tmp/s:-x "q"',
    name: '-x "q"',
    displayName: '-x "q"',
    socket: '/tmp/s',
  });

  it('attaches to the session the supervisor knows, on its server, and says how to attach by hand', async () => {
    const host = { open: vi.fn(() => Promise.resolve({ terminalId: 't-1' })) };
    const open = createOpenTerminal({ sessions: () => [live], host, shell: '/bin/zsh' });
    const response = await open({ sessionId: live.id, mode: 'watch', cols: 90, rows: 30 });
    expect(host.open).toHaveBeenCalledWith({
      socket: '/tmp/s',
      name: '-x "q"',
      mode: 'watch',
      cols: 90,
      rows: 30,
    });
    expect(response).toEqual({
      terminalId: 't-1',
      sessionId: live.id,
      sessionName: '-x "q"',
      socket: '/tmp/s',
      mode: 'watch',
      attachCommand: `tmux -S /tmp/s attach -t '=-x "q"'`,
    });
  });

  it('says clearly when the session is gone or has no tmux session', async () => {
    const host = { open: vi.fn() };
    const ended = sampleSession({
      id: 'p',
      live: false,
      socket: null,
      status: 'done',
      reason: 'complete',
    });
    const open = createOpenTerminal({ sessions: () => [ended], host });
    await expect(
      open({ sessionId: 'vanished', mode: 'watch', cols: 80, rows: 24 }),
    ).rejects.toThrow(/has ended/);
    await expect(open({ sessionId: 'p', mode: 'watch', cols: 80, rows: 24 })).rejects.toThrow(
      'pipeline-auth has no tmux session to attach to any more (done: complete).',
    );
    expect(host.open).not.toHaveBeenCalled();
  });
});

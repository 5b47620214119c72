import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
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

/** The argv a POSIX shell makes of `words`. */
async function argvOf(words: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('sh', ['-c', `printf '%s\\0' ${words}`], {
    encoding: 'utf8',
  });
  return stdout.split('\0').slice(0, -1);
}

describe('openTerminal on a remote host', () => {
  const remote = sampleSession({
    id: 'tmux:gpu:/tmp/s:x',
    name: `it's $(x)`,
    displayName: `it's $(x)`,
    socket: '/tmp/s',
    host: 'gpu',
  });
  const route = {
    host: 'gpu',
    ssh: 'ssh',
    options: ['-F', '/cfg/ssh config', '-T'],
    destination: 'me@gpu',
  };

  it('hands the pty host the route to the host, and the command a person would type', async () => {
    const host = { open: vi.fn(() => Promise.resolve({ terminalId: 't-2' })) };
    const open = createOpenTerminal({
      sessions: () => [remote],
      host,
      route: (name) => (name === 'gpu' ? route : null),
    });
    const response = await open({ sessionId: remote.id, mode: 'interactive', cols: 80, rows: 24 });
    expect(host.open).toHaveBeenCalledWith(expect.objectContaining({ socket: '/tmp/s', route }));
    // Parsed as the user's shell would, then the remote part as the host's would.
    const local = await argvOf(response.attachCommand.replace(/^ssh /, ''));
    expect(local).toEqual(['-F', '/cfg/ssh config', '-t', 'me@gpu', '--', expect.any(String)]);
    expect(await argvOf(local[5]!)).toEqual(['tmux', '-S', '/tmp/s', 'attach', '-t', "=it's $(x)"]);
  });

  it('refuses a host it does not watch, without opening anything', async () => {
    const host = { open: vi.fn() };
    const open = createOpenTerminal({ sessions: () => [remote], host, route: () => null });
    await expect(open({ sessionId: remote.id, mode: 'watch', cols: 80, rows: 24 })).rejects.toThrow(
      /runs on host gpu, which this Loopwatch does not watch/,
    );
    expect(host.open).not.toHaveBeenCalled();
  });
});

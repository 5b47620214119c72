import { describe, expect, it } from 'vitest';
import { attachArgs, attachCommandLine, attachEnv } from '../../../../main/pty/attachCommand';

const target = { socket: '/tmp/tmux-1000/default', name: '-x "q" $(rm) ✓' };

describe('attachArgs', () => {
  it('watches read-only without resizing, and drives with no flags; always an exact target', () => {
    expect(attachArgs(target, 'watch')).toEqual([
      '-u',
      '-N',
      '-S',
      '/tmp/tmux-1000/default',
      'attach-session',
      '-f',
      'read-only,ignore-size',
      '-t',
      '=-x "q" $(rm) ✓',
    ]);
    expect(attachArgs(target, 'interactive')).toEqual([
      '-u',
      '-N',
      '-S',
      '/tmp/tmux-1000/default',
      'attach-session',
      '-t',
      '=-x "q" $(rm) ✓',
    ]);
  });
});

describe('attachEnv', () => {
  it('drops TMUX so tmux does not refuse to nest, and says what terminal it talks to', () => {
    const env = attachEnv({ TMUX: '/tmp/x,1,0', TMUX_PANE: '%1', PATH: '/bin', GONE: undefined });
    expect(env).toEqual({ PATH: '/bin', TERM: 'xterm-256color', COLORTERM: 'truecolor' });
  });
});

describe('attachCommandLine', () => {
  it('is the exact attach line, quoted for the shell', () => {
    expect(attachCommandLine(target, '/bin/bash')).toBe(
      `tmux -S /tmp/tmux-1000/default attach -t '=-x "q" $(rm) ✓'`,
    );
    expect(attachCommandLine({ socket: '/tmp/my socks/s', name: 'ok' })).toBe(
      "tmux -S '/tmp/my socks/s' attach -t '=ok'",
    );
  });
});

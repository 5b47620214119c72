import { describe, expect, it } from 'vitest';
import { describeAttachEnd } from '../../../../main/pty/endReason';

/** tmux's reset sequence before its parting line (as tmux 3.3 writes it). */
const STOP = '\x1b[1;24r\x1b(B\x1b[m\x1b[?1l\x1b>\x1b[H\x1b[2J\x1b[?25h\x1b[?1049l\x1b[23;0;0t';

describe('describeAttachEnd', () => {
  it.each([
    ['[exited]', 0, 'exited'],
    ['[detached (from session build)]', 0, 'detached'],
    ['[server exited]', 1, 'serverExited'],
    ['[server exited unexpectedly]', 1, 'serverExited'],
    ['[lost server]', 1, 'serverExited'],
    ['[lost tty]', 1, 'failed'],
  ] as const)('reads tmux\'s "%s"', (line, exitCode, kind) => {
    const end = describeAttachEnd(`status line text${STOP}${line}\r\n`, exitCode, null);
    expect(end).toEqual({ kind, message: `tmux: ${line}`, exitCode, signal: null });
  });

  it('reads tmux errors when the attach never started', () => {
    expect(describeAttachEnd("can't find session: x\r\n", 1, null).kind).toBe('notFound');
    expect(describeAttachEnd('no server running on /tmp/s\r\n', 1, null)).toMatchObject({
      kind: 'noServer',
      message: 'tmux: no server running on /tmp/s',
    });
    expect(
      describeAttachEnd('error connecting to /tmp/s (No such file or directory)\r\n', 1, null).kind,
    ).toBe('noServer');
    expect(describeAttachEnd('server exited unexpectedly\r\n', 1, null).kind).toBe('noServer');
    expect(
      describeAttachEnd('execvp(3) failed.: No such file or directory\r\n', 1, null).kind,
    ).toBe('tmuxMissing');
    expect(describeAttachEnd('sessions should be nested with care\r\n', 1, null)).toMatchObject({
      kind: 'failed',
      message: 'tmux: sessions should be nested with care',
    });
  });

  it('says what it can when tmux said nothing', () => {
    expect(describeAttachEnd('', 0, null)).toEqual({
      kind: 'failed',
      message: 'tmux attach ended (exit status 0)',
      exitCode: 0,
      signal: null,
    });
    expect(describeAttachEnd('\x1b[H', 0, 9).message).toBe('tmux attach ended (signal 9)');
  });
});

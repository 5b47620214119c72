import { describe, expect, it } from 'vitest';
import { cleanErrorMessage, describeEnd } from '../../../../renderer/src/terminal/endMessage';
import { sampleSession } from '../../../helpers/samples';

describe('describeEnd', () => {
  it("says the session ended, with tmux's words, the exit status and the last known status", () => {
    const last = sampleSession({
      status: 'waiting',
      reason: 'Permission prompt: Bash(rm -rf build)',
    });
    expect(
      describeEnd({ kind: 'exited', message: 'tmux: [exited]', exitCode: 0, signal: null }, last),
    ).toEqual({
      headline: 'Session ended',
      detail:
        'tmux: [exited] (exit status 0). Last status: waiting, Permission prompt: Bash(rm -rf build)',
    });
  });

  it('tells a vanished session and a dead server apart', () => {
    const gone = describeEnd(
      { kind: 'notFound', message: "tmux: can't find session: x", exitCode: 1, signal: null },
      null,
    );
    expect(gone.headline).toBe('The session no longer exists');
    expect(gone.detail).toBe("tmux: can't find session: x (exit status 1)");
    expect(
      describeEnd(
        { kind: 'serverExited', message: 'tmux: [server exited]', exitCode: 1, signal: null },
        null,
      ).headline,
    ).toBe('The tmux server exited');
    expect(
      describeEnd({ kind: 'failed', message: 'x', exitCode: null, signal: 9 }, null).detail,
    ).toBe('x (signal 9)');
  });
});

describe('cleanErrorMessage', () => {
  it("drops Electron's wrapper around a rejected IPC call", () => {
    expect(
      cleanErrorMessage(
        "Error invoking remote method 'loopwatch:terminal:open': Error: This session has ended.",
      ),
    ).toBe('This session has ended.');
    expect(cleanErrorMessage('plain message')).toBe('plain message');
  });
});

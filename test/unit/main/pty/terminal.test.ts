import { afterEach, describe, expect, it, vi } from 'vitest';
import { BATCH_INTERVAL_MS } from '../../../../main/pty/outputBatcher';
import { AttachedTerminal, type TerminalDeps } from '../../../../main/pty/terminal';
import type { TerminalMode } from '../../../../preload/contract';
import { TERMINAL_FLOW } from '../../../../preload/contract';
import { recordingPort } from '../../../helpers/recordingPort';
import { FakePty } from './fakePty';

const WINDOW = { cols: 80, rows: 25 };
const VIEW = { cols: 100, rows: 30 };

function harness(mode: TerminalMode, overrides: Partial<TerminalDeps> = {}) {
  const ptys: FakePty[] = [];
  const windowSize = vi.fn(() => Promise.resolve<typeof WINDOW | null>(WINDOW));
  const finished = vi.fn();
  const deps: TerminalDeps = {
    spawn: (file, args, options) => {
      const pty = new FakePty(file, args, options);
      ptys.push(pty);
      return pty;
    },
    // Any executable file will do: the fake spawner never runs it.
    tmuxBinary: process.execPath,
    env: { PATH: '/usr/bin', TMUX: '/tmp/outer,1,0' },
    cwd: '/',
    windowSize,
    ...overrides,
  };
  const terminal = new AttachedTerminal(
    'term-1',
    { socket: '/tmp/s', name: 'agent', mode, ...VIEW },
    deps,
    finished,
  );
  const port = recordingPort();
  return { terminal, ptys, port, windowSize, finished, latest: () => ptys[ptys.length - 1]! };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AttachedTerminal', () => {
  it('watch: attaches read-only at the window size, drops keys, keeps the size', async () => {
    const { terminal, ptys, port, latest } = harness('watch');
    terminal.start();
    terminal.connect(port);
    await vi.waitFor(() => expect(ptys).toHaveLength(1));
    expect(latest().args).toContain('read-only,ignore-size');
    expect(latest().options).toMatchObject(WINDOW);
    expect(latest().options.env.TMUX).toBeUndefined();
    expect(port.controls).toEqual([
      { t: 'attached', mode: 'watch' },
      { t: 'size', ...WINDOW },
    ]);
    port.send({ t: 'input', data: 'rm -rf /\r' });
    port.send({ t: 'resize', cols: 50, rows: 10 });
    expect(latest().written).toEqual([]);
    expect(latest().resizes).toEqual([]);
    terminal.close();
  });

  it('interactive: attaches at the view size; keys and resizes go through', () => {
    const { terminal, port, latest } = harness('interactive');
    terminal.start();
    terminal.connect(port);
    expect(latest().args).not.toContain('-f');
    expect(latest().options).toMatchObject(VIEW);
    port.send({ t: 'input', data: 'ls\r' });
    port.send({ t: 'resize', cols: 120, rows: 40 });
    expect(latest().written).toEqual(['ls\r']);
    expect(latest().resizes).toEqual([[120, 40]]);
    terminal.close();
  });

  it('delivers what came before the view connected, in order', async () => {
    vi.useFakeTimers();
    const { terminal, port, latest } = harness('interactive');
    terminal.start();
    latest().print('first screen');
    vi.advanceTimersByTime(BATCH_INTERVAL_MS);
    expect(terminal.claimed).toBe(false);
    terminal.connect(port);
    expect(port.controls).toEqual([{ t: 'attached', mode: 'interactive' }]);
    expect(port.text()).toBe('first screen');
    latest().print(' and more');
    await vi.advanceTimersByTimeAsync(BATCH_INTERVAL_MS);
    expect(port.text()).toBe('first screen and more');
    expect(terminal.connect(recordingPort())).toBe(false);
    terminal.close();
  });

  it("switches mode by re-attaching; the old client's late output is dropped", async () => {
    vi.useFakeTimers();
    const { terminal, ptys, port } = harness('interactive');
    terminal.start();
    terminal.connect(port);
    const first = ptys[0]!;
    port.send({ t: 'mode', mode: 'watch' });
    expect(first.signals).toEqual(['SIGKILL']);
    await vi.waitFor(() => expect(ptys).toHaveLength(2));
    first.print('[detached (from session agent)]');
    first.exit(0);
    const second = ptys[1]!;
    second.print('watching');
    await vi.advanceTimersByTimeAsync(BATCH_INTERVAL_MS);
    expect(port.text()).toBe('watching');
    expect(second.args).toContain('read-only,ignore-size');
    expect(port.controls.map((c) => c.t)).toEqual(['attached', 'attached', 'size']);
    expect(port.controls.some((c) => c.t === 'ended')).toBe(false);
    expect(terminal.currentMode).toBe('watch');
    terminal.close();
  });

  it("ends with tmux's parting words and closes the channel", async () => {
    const { terminal, port, latest, finished } = harness('interactive');
    terminal.start();
    terminal.connect(port);
    latest().print('last screen\x1b[H\x1b[2J\x1b[?1049l[exited]\r\n');
    latest().exit(0);
    expect(port.text()).toContain('last screen');
    expect(port.controls.at(-1)).toEqual({
      t: 'ended',
      end: { kind: 'exited', message: 'tmux: [exited]', exitCode: 0, signal: null },
    });
    expect(port.closed).toBe(true);
    expect(finished).toHaveBeenCalledWith(terminal);
    await terminal.exited();
  });

  it('pauses the pty above the high mark and resumes it once the view caught up', async () => {
    vi.useFakeTimers();
    const { terminal, latest } = harness('interactive');
    const port = recordingPort({ autoAck: false });
    terminal.start();
    terminal.connect(port);
    latest().print(Buffer.alloc(TERMINAL_FLOW.highWatermarkBytes + 1, 0x61));
    await vi.advanceTimersByTimeAsync(BATCH_INTERVAL_MS);
    expect(latest().paused).toBe(true);
    // A mode switch while paused: the new client starts paused too.
    port.send({ t: 'mode', mode: 'watch' });
    await vi.waitFor(() => expect(latest().args).toContain('read-only,ignore-size'));
    expect(latest().paused).toBe(true);
    port.ackAll();
    expect(latest().paused).toBe(false);
    terminal.close();
  });

  it('detaches on close with SIGKILL (tmux 3.3-3.4 crash when a client leaves a dead pane by SIGHUP)', () => {
    const { terminal, port, latest } = harness('interactive');
    terminal.start();
    terminal.connect(port);
    port.disconnect();
    expect(latest().signals).toEqual(['SIGKILL']);
    expect(terminal.isFinished).toBe(true);
  });

  it("ends with the guard's reason and kept screen instead of attaching", async () => {
    const refusal = {
      kind: 'deadPane' as const,
      message: 'dead pane',
      exitCode: null,
      signal: null,
      screen: 'last words\r\n',
    };
    const { terminal, ptys, port, finished } = harness('watch', {
      attachGuard: () => Promise.resolve(refusal),
    });
    terminal.start();
    terminal.connect(port);
    await vi.waitFor(() => expect(finished).toHaveBeenCalled());
    expect(ptys).toHaveLength(0);
    expect(port.controls).toEqual([{ t: 'ended', end: refusal }]);
  });

  it('without tmux: ends at once and tells the view when it connects', () => {
    const { terminal, ptys, port } = harness('watch', { tmuxBinary: '/nonexistent/tmux' });
    terminal.start();
    expect(ptys).toHaveLength(0);
    expect(terminal.isFinished).toBe(true);
    expect(terminal.connect(port)).toBe(true);
    expect(port.controls).toEqual([
      {
        t: 'ended',
        end: expect.objectContaining({ kind: 'tmuxMissing' }),
      },
    ]);
    expect(port.closed).toBe(true);
  });

  it('answers a malformed control message with an error notice and carries on', () => {
    const { terminal, port, latest } = harness('interactive');
    terminal.start();
    terminal.connect(port);
    port.send({ t: 'input', data: '' });
    port.send({ t: 'resize', cols: 5000, rows: 1 });
    port.send({ t: 'explode' });
    expect(port.controls.filter((c) => c.t === 'error')).toHaveLength(3);
    expect(latest().written).toEqual([]);
    expect(latest().resizes).toEqual([]);
    expect(terminal.isFinished).toBe(false);
    terminal.close();
  });

  it("watch: follows the window's size when someone else changes it", async () => {
    vi.useFakeTimers();
    const { terminal, ptys, port, windowSize } = harness('watch', { watchSizePollMs: 1_000 });
    terminal.start();
    terminal.connect(port);
    await vi.waitFor(() => expect(ptys).toHaveLength(1));
    windowSize.mockResolvedValue({ cols: 132, rows: 43 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ptys[0]!.resizes).toEqual([[132, 43]]);
    expect(port.controls.at(-1)).toEqual({ t: 'size', cols: 132, rows: 43 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ptys[0]!.resizes).toHaveLength(1);
    terminal.close();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { parseWindowSize, windowSizeProbe } from '../../../../main/pty/windowSize';

describe('parseWindowSize', () => {
  it('adds the status lines to the window height', () => {
    expect(parseWindowSize('80 24 on\n')).toEqual({ cols: 80, rows: 25 });
    expect(parseWindowSize('120 40 off')).toEqual({ cols: 120, rows: 40 });
    expect(parseWindowSize('100 30 3')).toEqual({ cols: 100, rows: 33 });
  });

  it('refuses what it cannot read', () => {
    expect(parseWindowSize('')).toBeNull();
    expect(parseWindowSize('80 x on')).toBeNull();
    expect(parseWindowSize('80 24 maybe')).toBeNull();
    expect(parseWindowSize('0 24 on')).toBeNull();
  });
});

describe('windowSizeProbe', () => {
  it("asks about the session's current window with an exact target", async () => {
    const run = vi.fn(() => Promise.resolve('90 20 on'));
    const probe = windowSizeProbe(run);
    expect(await probe({ socket: '/s', name: 'a:b' })).toEqual({ cols: 90, rows: 21 });
    expect(run).toHaveBeenCalledWith('/s', [
      'display-message',
      '-p',
      '-t',
      '=a:b:',
      '#{window_width} #{window_height} #{status}',
    ]);
  });

  it('answers null when tmux fails (session gone)', async () => {
    const probe = windowSizeProbe(() => Promise.reject(new Error("can't find session")));
    expect(await probe({ socket: '/s', name: 'x' })).toBeNull();
  });
});

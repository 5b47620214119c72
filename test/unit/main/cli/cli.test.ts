import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../main/cli';
import type { CliIo } from '../../../../main/cli/io';

function io(env: Record<string, string | undefined> = process.env) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env,
    untilInterrupted: () => Promise.resolve(),
  };
  return { value, out, err };
}

describe('runCli', () => {
  it('unknown command: usage on stderr, exit 2', async () => {
    const t = io();
    expect(await runCli(['frobnicate'], t.value)).toBe(2);
    expect(t.err.join('')).toMatch(/unknown command "frobnicate"[\s\S]*Usage: loopwatch/);
    expect(t.out).toEqual([]);
  });

  it('no command: usage on stderr, exit 2', async () => {
    const t = io();
    expect(await runCli([], t.value)).toBe(2);
    expect(t.err.join('')).toMatch(/Usage: loopwatch/);
  });

  it('bad flag: usage on stderr, exit 2', async () => {
    const t = io();
    expect(await runCli(['list', '--nope'], t.value)).toBe(2);
    expect(t.err.join('')).toMatch(/Unknown option '--nope'[\s\S]*Usage/);
  });

  it('help: usage on stdout, exit 0', async () => {
    const t = io();
    expect(await runCli(['--help'], t.value)).toBe(0);
    expect(t.out.join('')).toMatch(/Usage: loopwatch/);
  });

  it('tmux missing: one clear line, exit 1', async () => {
    const previous = process.env.LOOPWATCH_TMUX_BIN;
    process.env.LOOPWATCH_TMUX_BIN = '/nonexistent/tmux';
    try {
      const t = io();
      expect(await runCli(['list'], t.value)).toBe(1);
      const text = t.err.join('');
      expect(text).toMatch(/^loopwatch: tmux is not installed .*apt-get install tmux.*\n$/);
      expect(text.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env.LOOPWATCH_TMUX_BIN;
      else process.env.LOOPWATCH_TMUX_BIN = previous;
    }
  });

  it('serve refuses a non-loopback host with exit 2', async () => {
    const t = io();
    expect(await runCli(['serve', '--host', '0.0.0.0'], t.value)).toBe(2);
    expect(t.err.join('')).toMatch(/loopback/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseHookLine } from '../../../../../main/core/sources/hooks/hookEvent';
import { SourceHealthBoard } from '../../../../../main/core/sources/sourceHealth';

describe('SourceHealthBoard', () => {
  it('counts every problem, warns once per interval per source, and says how many were folded', () => {
    let now = 1_800_000_000_000;
    const warnings: string[] = [];
    const board = new SourceHealthBoard(
      (l) => warnings.push(l),
      () => now,
      60_000,
    );
    for (let i = 0; i < 50; i++) board.report('hooks', `bad line ${i}`);
    board.report('schmux', 'unreadable\nstate');
    expect(warnings).toEqual([
      'loopwatch: hooks: bad line 0',
      'loopwatch: schmux: unreadable state',
    ]);
    now += 60_000;
    board.report('hooks', 'bad line 50');
    expect(warnings.at(-1)).toBe('loopwatch: hooks: bad line 50 (50 since the last warning)');
    expect(board.count('hooks')).toBe(51);
    expect(board.list().map((e) => [e.source, e.count])).toEqual([
      ['hooks', 51],
      ['schmux', 1],
    ]);
  });

  it('guards a handler: what it throws is reported on its source', () => {
    const board = new SourceHealthBoard(() => undefined);
    const handler = board.guard('tmux /s', (n: number) => {
      if (n > 1) throw new RangeError('Invalid time value');
    });
    handler(1);
    handler(2);
    expect(board.list()[0]).toMatchObject({
      source: 'tmux /s',
      count: 1,
      message: 'RangeError: Invalid time value',
    });
  });
});

describe('hook lines', () => {
  const line = (at: unknown) =>
    JSON.stringify({ v: 1, kind: 'codex', event: {}, tmux: null, tmuxPane: null, cwd: null, at });

  it('accepts a time a hook can have run at, and says why anything else is dropped', () => {
    expect(parseHookLine(line(Date.UTC(2026, 0, 1))).ok).toBe(true);
    for (const at of [1e20, -1, 8.64e15 + 1, 1.5, '2026-01-01', null]) {
      const parsed = parseHookLine(line(at));
      expect(parsed.ok, String(at)).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/^a hook message was dropped: at: /);
    }
    expect(parseHookLine('{')).toEqual({
      ok: false,
      error: 'a hook line that is not JSON was dropped',
    });
  });
});

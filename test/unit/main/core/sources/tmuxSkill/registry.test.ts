import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRegistry } from '../../../../../../main/core/sources/tmuxSkill/registry';

describe('parseRegistry', () => {
  it('reads the registry as the tmux skill writes it', () => {
    const text = JSON.stringify({
      version: '1.0',
      sessions: {
        'quick-calc': {
          socket: '/tmp/claude-tmux-sockets/claude.sock',
          target: 'quick-calc:0.0',
          type: 'python-repl',
          created_at: '2026-11-20T10:00:00Z',
          last_active: '2026-11-20T10:05:00Z',
          pid: 4242,
        },
        shell: {
          socket: '/tmp/claude-tmux-sockets/claude.sock',
          target: 'shell:0.0',
          type: 'shell',
        },
      },
    });
    const result = parseRegistry(text);
    expect(result.ok && result.registry.version).toBe('1.0');
    expect(result.ok && result.registry.entries).toEqual([
      expect.objectContaining({ name: 'quick-calc', type: 'python-repl', pid: 4242 }),
      expect.objectContaining({ name: 'shell', pid: null, createdAt: null }),
    ]);
  });

  it('keeps good entries when one is broken, and says which', () => {
    const result = parseRegistry(
      JSON.stringify({ sessions: { good: { socket: '/s' }, bad: { target: 'x' }, worse: 3 } }),
    );
    expect(result.ok && result.registry.entries.map((e) => e.name)).toEqual(['good']);
    expect(result.ok && result.registry.problems.map((p) => p.name)).toEqual(['bad', 'worse']);
  });

  it('refuses files that are not a registry', () => {
    expect(parseRegistry('')).toMatchObject({ ok: false, error: '.sessions.json is empty' });
    expect(parseRegistry('{"version":"1.0"}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no "sessions"/),
    });
    expect(parseRegistry('[]')).toMatchObject({ ok: false });
  });

  it('never throws (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((v) => JSON.stringify({ sessions: v })),
        ),
        (text) => {
          const result = parseRegistry(text);
          if (result.ok)
            for (const entry of result.registry.entries)
              expect(entry.socket.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

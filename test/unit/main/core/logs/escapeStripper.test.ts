import { describe, expect, it } from 'vitest';
import { EscapeStripper } from '../../../../../main/core/logs/escapeStripper';

const strip = (...chunks: string[]): string => {
  const stripper = new EscapeStripper();
  return chunks.map((c) => stripper.push(Buffer.from(c, 'utf8')).toString('utf8')).join('');
};

describe('EscapeStripper', () => {
  it('drops colours, cursor moves, titles and carriage returns, keeps text and unicode', () => {
    expect(strip('\x1b[1;32mgrün ✓\x1b[0m\r\n\x1b]0;title\x07next\x1b[2K\tx\n')).toBe(
      'grün ✓\nnext\tx\n',
    );
  });

  it('removes a sequence split across chunks', () => {
    expect(strip('a\x1b', '[3', '1mb\x1b]8;;http://x\x1b', '\\link\x1b]8;;\x1b\\c')).toBe(
      'ablinkc',
    );
  });

  it('drops two-byte escapes and charset selections, and DCS strings', () => {
    expect(strip('\x1b7a\x1b8\x1b(Bb\x1bPq#0;2\x1b\\c')).toBe('abc');
  });

  it('gives up on an endless sequence instead of eating the log', () => {
    const out = strip(`\x1b]${'x'.repeat(5000)}`, 'after');
    expect(out.endsWith('after')).toBe(true);
  });
});

describe('EscapeStripper and UTF-8', () => {
  it('keeps characters whose bytes look like C1 controls (ě is C4 9B)', () => {
    expect(strip('Zdeněk › ✓\n')).toBe('Zdeněk › ✓\n');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitInput } from '../../../../renderer/src/terminal/input';

describe('splitInput', () => {
  it('keeps small input whole and splits big pastes', () => {
    expect(splitInput('ls\r')).toEqual(['ls\r']);
    expect(splitInput('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
  });

  it('never cuts a surrogate pair in two', () => {
    expect(splitInput('ab😀cd', 3)).toEqual(['ab', '😀c', 'd']);
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.integer({ min: 2, max: 9 }),
        (text, max) => {
          const pieces = splitInput(text, max);
          expect(pieces.join('')).toBe(text);
          for (const piece of pieces) {
            expect(piece.length).toBeLessThanOrEqual(max);
            // No lone surrogate at either end of a piece.
            expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
          }
        },
      ),
    );
  });
});

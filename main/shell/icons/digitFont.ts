/**
 * A 3x5 bitmap font for the count drawn into the tray icon: digits and "+".
 * Bitmap, not vector: at 16 px only whole pixels stay legible.
 */
import type { Raster, Rgba } from './raster';

export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;
/** One empty column between glyphs. */
export const GLYPH_GAP = 1;

/** Rows top to bottom, '#' = ink. */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

export function hasGlyph(char: string): boolean {
  return Object.hasOwn(GLYPHS, char);
}

/** Width in pixels of `text` drawn at integer `scale`. */
export function textWidth(text: string, scale: number): number {
  if (text.length === 0) return 0;
  return (text.length * GLYPH_WIDTH + (text.length - 1) * GLYPH_GAP) * scale;
}

/** Draw `text` with its top-left corner at (x, y), each font pixel a scale x scale block. */
export function drawText(
  raster: Raster,
  text: string,
  x: number,
  y: number,
  scale: number,
  color: Rgba,
): void {
  let left = x;
  for (const char of text) {
    const rows = GLYPHS[char];
    if (!rows) throw new Error(`the tray font has no glyph for ${JSON.stringify(char)}`);
    rows.forEach((row, gy) => {
      for (let gx = 0; gx < row.length; gx++) {
        if (row[gx] === '#')
          raster.fillPixels(left + gx * scale, y + gy * scale, scale, scale, color);
      }
    });
    left += (GLYPH_WIDTH + GLYPH_GAP) * scale;
  }
}

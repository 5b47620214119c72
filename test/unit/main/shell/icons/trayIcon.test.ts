import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_STATE_COLORS, TRAY_STATES } from '../../../../../preload/contract';
import { GLYPH_HEIGHT, GLYPH_WIDTH } from '../../../../../main/shell/icons/digitFont';
import {
  badgeText,
  trayIconFiles,
  trayIconPng,
  type TrayIconOptions,
} from '../../../../../main/shell/icons/trayIcon';
import { decodePng } from '../../../../helpers/pngDecode';

const TRAY_DIR = join(import.meta.dirname, '..', '..', '..', '..', '..', 'assets', 'tray');

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function icon(options: TrayIconOptions) {
  return decodePng(trayIconPng(options));
}

describe('tray icons', () => {
  it('draw each state in its colour, with its mark in the glyph colour', () => {
    for (const state of ['crashed', 'waiting', 'working', 'idle'] as const) {
      const image = icon({ state, px: 32 });
      const colors = TRAY_STATE_COLORS[state];
      // Inside the disc, away from the mark: the fill colour, opaque.
      expect(image.pixel(16, 28), state).toEqual([...rgb(colors.fill), 255]);
      // Outside the disc: transparent.
      expect(image.pixel(0, 0)[3], state).toBe(0);
    }
    // Marks sit where the geometry puts them: the crossing of ✕, the bar of !, the arc of the spinner.
    expect(icon({ state: 'crashed', px: 32 }).pixel(16, 16)).toEqual([
      ...rgb(TRAY_STATE_COLORS.crashed.glyph),
      255,
    ]);
    expect(icon({ state: 'waiting', px: 32 }).pixel(16, 11)).toEqual([
      ...rgb(TRAY_STATE_COLORS.waiting.glyph),
      255,
    ]);
    expect(icon({ state: 'working', px: 32 }).pixel(16, 8)).toEqual([
      ...rgb(TRAY_STATE_COLORS.working.glyph),
      255,
    ]);
  });

  it('show no sessions as an empty ring: the middle is transparent', () => {
    const image = icon({ state: 'none', px: 32 });
    expect(image.pixel(16, 16)[3]).toBe(0);
    expect(image.pixel(16, 2)[3]).toBe(255);
  });

  it('make macOS templates black + alpha, the mark knocked out', () => {
    for (const state of TRAY_STATES) {
      const image = icon({ state, px: 32, template: true });
      for (let i = 0; i < image.data.length; i += 4) {
        expect([image.data[i], image.data[i + 1], image.data[i + 2]]).toEqual([0, 0, 0]);
      }
    }
    expect(icon({ state: 'crashed', px: 32, template: true }).pixel(16, 16)[3]).toBe(0);
    expect(icon({ state: 'crashed', px: 32, template: true }).pixel(16, 28)[3]).toBe(255);
  });

  it('draw the count as bitmap digits in the bottom-right badge', () => {
    // At 16 px a badge for one digit is 7 x 7 px in the corner, its glyph 3 x 5 px inside.
    const one = icon({ state: 'waiting', px: 16, count: 1 });
    const none = icon({ state: 'waiting', px: 16 });
    const white = [255, 255, 255, 255];
    const ink = (x: number, y: number): boolean =>
      JSON.stringify(one.pixel(x, y)) === JSON.stringify(white);
    // "1" in the 3x5 font: .#. / ##. / .#. / .#. / ###, drawn at (x0, y0) = (11, 10).
    const x0 = 16 - 7 + 2;
    const y0 = 16 - 7 + 1;
    const expected = ['.#.', '##.', '.#.', '.#.', '###'];
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        expect(ink(x0 + gx, y0 + gy), `(${gx},${gy})`).toBe(expected[gy]![gx] === '#');
      }
    }
    // Away from the badge, the counted icon is the plain one.
    expect(one.pixel(4, 4)).toEqual(none.pixel(4, 4));
    // Badge body: the dark pill.
    expect(one.pixel(x0 - 1, y0 + 2)).toEqual([0x1b, 0x1f, 0x24, 255]);
  });

  it('cap the count at 9+, and draw nothing for zero', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(1)).toBe('1');
    expect(badgeText(9)).toBe('9');
    expect(badgeText(10)).toBe('9+');
    expect(badgeText(250)).toBe('9+');
    expect(trayIconPng({ state: 'idle', px: 22, count: 0 })).toEqual(
      trayIconPng({ state: 'idle', px: 22 }),
    );
    expect(trayIconPng({ state: 'idle', px: 22, count: 10 })).toEqual(
      trayIconPng({ state: 'idle', px: 22, count: 99 }),
    );
    expect(trayIconPng({ state: 'idle', px: 22, count: 10 })).not.toEqual(
      trayIconPng({ state: 'idle', px: 22, count: 9 }),
    );
  });

  it('are committed in assets/tray exactly as scripts/generate-tray-icons.ts writes them', async () => {
    const files = trayIconFiles();
    // Every state, at 16/22/32 and @2x, plus two template sizes.
    expect(files).toHaveLength(TRAY_STATES.length * 8);
    for (const file of files) {
      const committed = await readFile(join(TRAY_DIR, file.name));
      expect(
        committed.equals(trayIconPng(file.options)),
        `${file.name} is stale: run npm run icons`,
      ).toBe(true);
      const decoded = decodePng(committed);
      expect(decoded.width, file.name).toBe(file.options.px);
    }
  });
});

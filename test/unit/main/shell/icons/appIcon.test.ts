/**
 * The application icons installers need: assets/icon.png at 1024 px (macOS
 * needs 512+, Windows 256+) and every Linux hicolor size, committed exactly
 * as `npm run icons` writes them, opaque where the square is.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ICON_PX,
  appIconFiles,
  appIconPng,
  LINUX_ICON_SIZES,
} from '../../../../../main/shell/icons/appIcon';
import { decodePng } from '../../../../helpers/pngDecode';

const ASSETS = join(import.meta.dirname, '..', '..', '..', '..', '..', 'assets');
/** Redrawing is the slow part: compare the generator's output up to this size, sizes above. */
const REDRAW_UP_TO_PX = 128;

describe('application icons', () => {
  it('every file has its size: 1024 for icon.png, N for icons/NxN.png, 512 and 1024 among them', async () => {
    expect(APP_ICON_PX).toBe(1024);
    expect(LINUX_ICON_SIZES).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512, 1024]));
    for (const file of appIconFiles()) {
      const png = decodePng(await readFile(join(ASSETS, file.path)));
      expect([png.width, png.height], file.path).toEqual([file.px, file.px]);
      // The centre is the loop's dot: opaque.
      expect(png.pixel(file.px / 2, file.px / 2)[3], file.path).toBe(255);
    }
  });

  it('the small ones are committed exactly as `npm run icons` writes them', async () => {
    for (const file of appIconFiles().filter((f) => f.px <= REDRAW_UP_TO_PX)) {
      const committed = await readFile(join(ASSETS, file.path));
      expect(
        committed.equals(appIconPng(file.px)),
        `${file.path} is stale: run npm run icons`,
      ).toBe(true);
    }
  });
});

/**
 * Writes the static tray icons (assets/tray/*.png) from the geometry in
 * main/shell/icons/trayIcon.ts, the application icons (assets/icon.png at
 * 1024 px, assets/icons/NxN.png for Linux) from main/shell/icons/appIcon.ts,
 * and contact sheets of every tray state, size, template and counted
 * variant on a light and a dark panel.
 *
 *   npm run icons                                # rewrite assets/tray/, assets/icon*.png
 *   npm run icons -- --contact-sheet DIR         # also draw the sheets into DIR
 *
 * Unit tests fail when the committed PNGs differ from what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TRAY_STATES, type TrayState } from '../preload/contract';
import { appIconFiles, appIconPng } from '../main/shell/icons/appIcon';
import { encodePng } from '../main/shell/icons/png';
import { hexColor, Raster } from '../main/shell/icons/raster';
import {
  drawTrayIcon,
  HIDPI_FACTOR,
  TRAY_ICON_SIZES,
  trayIconFiles,
  trayIconPng,
  type TrayIconOptions,
} from '../main/shell/icons/trayIcon';

const ROOT = join(import.meta.dirname, '..');
const ASSETS = join(ROOT, 'assets');
const TRAY_DIR = join(ASSETS, 'tray');
/** Panel colours of a light and a dark desktop. */
const PANELS = [
  { color: '#ececec', dark: false },
  { color: '#1e1e1e', dark: true },
] as const;
/** Space around each icon in a sheet cell, in icon pixels. */
const CELL_MARGIN = 6;

type Column = (state: TrayState) => TrayIconOptions;

/**
 * One row per state and one column per variant, on each panel; every icon
 * pixel becomes a `magnify` x `magnify` block so the sheet shows real pixels.
 * Templates are shown as macOS shows them: black on light, white on dark.
 */
function contactSheet(columns: readonly Column[], magnify: number): Buffer {
  const largest = Math.max(...columns.map((column) => column('idle').px));
  const cell = largest + 2 * CELL_MARGIN;
  const panelHeight = TRAY_STATES.length * cell;
  const width = columns.length * cell;
  const sheet = new Raster(width * magnify, PANELS.length * panelHeight * magnify);
  PANELS.forEach((panel, p) => {
    const background = new Raster(width, panelHeight);
    background.fillPixels(0, 0, width, panelHeight, hexColor(panel.color));
    TRAY_STATES.forEach((state, row) => {
      columns.forEach((column, col) => {
        const options = column(state);
        const icon = drawTrayIcon(options);
        if (options.template && panel.dark) {
          for (let i = 0; i < icon.data.length; i += 4) icon.data.fill(255, i, i + 3);
        }
        const offset = Math.floor((cell - icon.width) / 2);
        background.draw(icon, col * cell + offset, row * cell + offset);
      });
    });
    for (let y = 0; y < panelHeight; y++) {
      for (let x = 0; x < width; x++) {
        const top = (p * panelHeight + y) * magnify;
        sheet.fillPixels(x * magnify, top, magnify, magnify, background.pixel(x, y));
      }
    }
  });
  return encodePng(sheet.width, sheet.height, sheet.data);
}

const { values } = parseArgs({
  options: { 'contact-sheet': { type: 'string' } },
  strict: true,
});

mkdirSync(TRAY_DIR, { recursive: true });
const files = trayIconFiles();
for (const file of files) writeFileSync(join(TRAY_DIR, file.name), trayIconPng(file.options));
process.stdout.write(`wrote ${files.length} icons to ${TRAY_DIR}\n`);

const appIcons = appIconFiles();
mkdirSync(join(ASSETS, 'icons'), { recursive: true });
for (const icon of appIcons) writeFileSync(join(ASSETS, icon.path), appIconPng(icon.px));
process.stdout.write(`wrote ${appIcons.length} application icons to ${ASSETS}\n`);

const sheetDir = values['contact-sheet'];
if (sheetDir) {
  mkdirSync(sheetDir, { recursive: true });
  const counted = (px: number): Column[] =>
    [1, 9, 10].map((count) => (state: TrayState) => ({ state, px, count }));
  const sheets: Record<string, Buffer> = {
    // Every static file (each size and its @2x, the macOS templates) and the counted 22 px.
    'tray-icons.png': contactSheet(
      [
        ...TRAY_ICON_SIZES.flatMap((size): Column[] => [
          (state) => ({ state, px: size }),
          (state) => ({ state, px: size * HIDPI_FACTOR }),
        ]),
        (state) => ({ state, px: 16, template: true }),
        (state) => ({ state, px: 16 * HIDPI_FACTOR, template: true }),
        ...counted(22 * HIDPI_FACTOR),
      ],
      2,
    ),
    // Close-up of the counts where they are smallest: Linux 22 px and Windows 16 px.
    'tray-icons-counts.png': contactSheet([...counted(22), ...counted(16)], 8),
  };
  for (const [name, png] of Object.entries(sheets)) {
    writeFileSync(join(sheetDir, name), png);
    process.stdout.write(`wrote ${join(sheetDir, name)}\n`);
  }
}

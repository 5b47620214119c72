/**
 * The tray icon for each state, drawn from geometry (no image files needed
 * at runtime): a disc in the state's colour with a mark that differs in
 * shape, not only colour (✕ crashed, ! waiting, a spinner arc working, ✓
 * idle/done, an empty ring for no sessions). macOS template variants are
 * black with the mark knocked out. A count can be drawn into the corner
 * for platforms that show no title beside the icon (Linux, Windows).
 *
 * scripts/generate-tray-icons.ts writes the static PNGs in assets/tray/
 * from this module; the Electron glue draws counted icons with it.
 */
import { TRAY_STATE_COLORS, TRAY_STATES, type TrayState } from '../../../preload/contract';
import { drawText, GLYPH_HEIGHT, textWidth } from './digitFont';
import { encodePng } from './png';
import {
  arc,
  circle,
  hexColor,
  polyline,
  Raster,
  ring,
  roundedRect,
  segment,
  union,
  type Rgba,
  type Shape,
} from './raster';

/** Logical icon sizes: 16 (Windows, macOS menu bar), 22 (Linux panels), 32 (large panels). */
export const TRAY_ICON_SIZES = [16, 22, 32] as const;
/** Every icon also comes at twice its size, for HiDPI screens (`name@2x.png`). */
export const HIDPI_FACTOR = 2;
/** Counts above this show as "9+": two glyphs are all a 16 px badge can hold. */
export const MAX_BADGE_COUNT = 9;

/** Geometry is drawn in a 16-unit box and scaled to the pixel size. */
const UNITS = 16;
const CENTER = 8;
/** The disc fills the box with half a unit of air so it is not clipped. */
const DISC_RADIUS = 7.5;
/** A one-unit darker rim outlines the disc on light panels. */
const RIM_WIDTH = 1;
/** Stroke half-width of the marks. */
const STROKE = 1.05;

export interface TrayIconOptions {
  state: TrayState;
  /** Pixel size of the square image. */
  px: number;
  /** macOS template image: black + alpha, the system tints it. */
  template?: boolean;
  /** Sessions needing attention, drawn as a badge when > 0 (not on templates). */
  count?: number;
}

/** The badge text for a count: null for none, "9+" above nine. */
export function badgeText(count: number): string | null {
  if (!Number.isFinite(count) || count <= 0) return null;
  return count > MAX_BADGE_COUNT ? `${MAX_BADGE_COUNT}+` : String(Math.floor(count));
}

/** The mark of each state, in 16-unit coordinates. */
function markOf(state: TrayState): Shape | null {
  switch (state) {
    case 'crashed':
      return union(segment(5.2, 5.2, 10.8, 10.8, STROKE), segment(10.8, 5.2, 5.2, 10.8, STROKE));
    case 'waiting':
      return union(segment(8, 3.9, 8, 8.9, STROKE * 1.1), circle(8, 11.9, STROKE * 1.15));
    case 'working':
      // Three quarters of a circle from 12 o'clock, clockwise: a spinner.
      return union(arc(8, 8, 3.7, STROKE, -Math.PI / 2, 1.5 * Math.PI), circle(8, 8, 0.9));
    case 'idle':
      return polyline(
        [
          [4.6, 8.4],
          [7, 10.8],
          [11.5, 5.6],
        ],
        STROKE,
      );
    case 'none':
      return null;
  }
}

function scaled(shape: Shape, scale: number): Shape {
  return (x, y) => shape(x / scale, y / scale);
}

/** Draw one tray icon. */
export function drawTrayIcon(options: TrayIconOptions): Raster {
  const { state, px } = options;
  const raster = new Raster(px, px);
  const scale = px / UNITS;
  const colors = TRAY_STATE_COLORS[state];
  const at = (shape: Shape): Shape => scaled(shape, scale);
  const disc = circle(CENTER, CENTER, DISC_RADIUS);
  const mark = markOf(state);
  if (options.template) {
    const black = hexColor('#000000');
    if (mark === null) {
      raster.fill(at(ring(CENTER, CENTER, DISC_RADIUS - 0.5, DISC_RADIUS - 2.5)), black);
    } else {
      raster.fill(at(disc), black);
      raster.erase(at(mark));
    }
    return raster;
  }
  if (mark === null) {
    // No sessions: an empty ring, rim outside and inside so it reads on any panel.
    raster.fill(at(ring(CENTER, CENTER, DISC_RADIUS, DISC_RADIUS - 3)), hexColor(colors.rim));
    raster.fill(
      at(ring(CENTER, CENTER, DISC_RADIUS - RIM_WIDTH * 0.75, DISC_RADIUS - 3 + RIM_WIDTH * 0.75)),
      hexColor(colors.fill),
    );
  } else {
    raster.fill(at(disc), hexColor(colors.rim));
    raster.fill(at(circle(CENTER, CENTER, DISC_RADIUS - RIM_WIDTH)), hexColor(colors.fill));
    raster.fill(at(mark), hexColor(colors.glyph));
  }
  const text = badgeText(options.count ?? 0);
  if (text !== null) drawBadge(raster, text);
  return raster;
}

/** Badge: white digits on a dark pill with a white outline, in the bottom-right corner. */
const BADGE_FILL: Rgba = hexColor('#1b1f24');
const BADGE_INK: Rgba = hexColor('#ffffff');
const BADGE_OUTLINE: Rgba = hexColor('#ffffff');

function drawBadge(raster: Raster, text: string): void {
  const px = raster.width;
  // Font pixels per icon pixel: 1 up to 31 px, 2 at 32..47, and so on.
  const f = Math.max(1, Math.floor(px / 16));
  const height = GLYPH_HEIGHT * f + 2 * f;
  const width = Math.max(height, textWidth(text, f) + 2 * f);
  const x = px - width;
  const y = px - height;
  raster.fill(roundedRect(x - f, y - f, width + f, height + f, (height + f) / 2), BADGE_OUTLINE);
  raster.fill(roundedRect(x, y, width, height, height / 2), BADGE_FILL);
  const textX = x + Math.round((width - textWidth(text, f)) / 2);
  drawText(raster, text, textX, y + f, f, BADGE_INK);
}

/** The PNG of one tray icon. */
export function trayIconPng(options: TrayIconOptions): Buffer {
  const raster = drawTrayIcon(options);
  return encodePng(raster.width, raster.height, raster.data);
}

export interface TrayIconFile {
  /** File name inside assets/tray/. */
  name: string;
  options: TrayIconOptions;
}

/**
 * Every static icon file: `STATE-SIZE.png` and `STATE-SIZE@2x.png` in
 * colour, `STATETemplate.png` (16 px) and `STATETemplate@2x.png` for macOS.
 * Electron loads the `@2x` sibling by itself.
 */
export function trayIconFiles(): TrayIconFile[] {
  const files: TrayIconFile[] = [];
  for (const state of TRAY_STATES) {
    for (const size of TRAY_ICON_SIZES) {
      files.push({ name: colorIconName(state, size), options: { state, px: size } });
      files.push({
        name: colorIconName(state, size, true),
        options: { state, px: size * HIDPI_FACTOR },
      });
    }
    files.push({ name: templateIconName(state), options: { state, px: 16, template: true } });
    files.push({
      name: templateIconName(state, true),
      options: { state, px: 16 * HIDPI_FACTOR, template: true },
    });
  }
  return files;
}

export function colorIconName(state: TrayState, size: number, hidpi = false): string {
  return `${state}-${size}${hidpi ? '@2x' : ''}.png`;
}

export function templateIconName(state: TrayState, hidpi = false): string {
  return `${state}Template${hidpi ? '@2x' : ''}.png`;
}

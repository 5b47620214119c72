/**
 * The application icon (installers, the Dock, window and desktop entries),
 * drawn from geometry like the tray icons: a dark rounded square holding a
 * green loop (a three-quarter arc, the tray's "working" spinner) around a
 * light dot, the agent being watched. scripts/generate-tray-icons.ts
 * (`npm run icons`) writes assets/icon.png (1024 px: macOS and Windows
 * icons are made from it) and assets/icons/NxN.png (Linux's hicolor sizes).
 */
import { encodePng } from './png';
import { arc, circle, hexColor, Raster, roundedRect, type Shape } from './raster';

/** Geometry in a 16-unit square, as the tray icons. */
const UNITS = 16;
/** macOS and Windows icons are made from this one file (electron-builder needs 512+; 1024 for Retina). */
export const APP_ICON_PX = 1024;
/** The hicolor sizes a Linux desktop entry picks from (AppImage and deb). */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

const BACKGROUND = hexColor('#161b22');
const LOOP = hexColor('#3fb950');
const DOT = hexColor('#e6edf3');

function scaled(shape: Shape, scale: number): Shape {
  return (x, y) => shape(x / scale, y / scale);
}

export function drawAppIcon(px: number): Raster {
  const raster = new Raster(px, px);
  const at = (shape: Shape): Shape => scaled(shape, px / UNITS);
  // macOS icon grid: the square takes about 13/16 of the canvas, corners a fifth of its side.
  raster.fill(at(roundedRect(1.5, 1.5, 13, 13, 2.9)), BACKGROUND);
  raster.fill(at(arc(8, 8, 4.1, 0.95, -Math.PI / 2, 1.5 * Math.PI)), LOOP);
  raster.fill(at(circle(8, 8, 1.45)), DOT);
  return raster;
}

export function appIconPng(px: number): Buffer {
  const raster = drawAppIcon(px);
  return encodePng(raster.width, raster.height, raster.data);
}

export interface AppIconFile {
  /** Path inside assets/. */
  path: string;
  px: number;
}

export function appIconFiles(): AppIconFile[] {
  return [
    { path: 'icon.png', px: APP_ICON_PX },
    ...LINUX_ICON_SIZES.map((px) => ({ path: `icons/${px}x${px}.png`, px })),
  ];
}

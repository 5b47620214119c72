/**
 * The tray image for a state and count on this platform. macOS: the
 * template icon (the system tints it; the count goes in the title beside
 * it). Linux and Windows show no title, so the count is drawn into the
 * icon at runtime; without a count the committed PNGs are used.
 */
import { nativeImage, type NativeImage } from 'electron';
import { join } from 'node:path';
import type { TrayState } from '../../preload/contract';
import {
  badgeText,
  colorIconName,
  HIDPI_FACTOR,
  templateIconName,
  trayIconPng,
} from '../shell/icons/trayIcon';

/** Icon size per platform: Windows' notification area is 16 px, Linux panels 22 px. */
export function trayIconSize(platform: NodeJS.Platform): number {
  return platform === 'win32' ? 16 : 22;
}

/** Same key, same picture: the tray is only given a new image when this changes. */
export function trayImageKey(state: TrayState, count: number, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? state : `${state}:${badgeText(count) ?? ''}`;
}

export function trayImage(
  state: TrayState,
  count: number,
  platform: NodeJS.Platform,
  trayDir: string,
): NativeImage {
  if (platform === 'darwin') {
    // Loads `STATETemplate@2x.png` beside it by itself.
    const image = nativeImage.createFromPath(join(trayDir, templateIconName(state)));
    image.setTemplateImage(true);
    return image;
  }
  const size = trayIconSize(platform);
  if (badgeText(count) === null) {
    return nativeImage.createFromPath(join(trayDir, colorIconName(state, size)));
  }
  const image = nativeImage.createFromBuffer(trayIconPng({ state, px: size, count }), {
    scaleFactor: 1,
  });
  image.addRepresentation({
    scaleFactor: HIDPI_FACTOR,
    buffer: trayIconPng({ state, px: size * HIDPI_FACTOR, count }),
  });
  return image;
}

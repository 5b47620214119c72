/**
 * The terminal dock's size: a height the person drags (or sets with the
 * arrow keys on the handle), collapsed to its tab bar, or maximised under
 * the dashboard's header. Kept in localStorage so it survives a reload.
 */
import { useCallback, useState } from 'react';

export type DockState = 'normal' | 'collapsed' | 'maximized';

export interface DockSize {
  /** Height in px while 'normal'. */
  height: number;
  state: DockState;
}

const STORAGE_KEY = 'loopwatch:terminal-dock';
/** The first height: a third of the window leaves the list and the queue readable. */
const DEFAULT_SHARE = 0.38;
/** Never smaller than a few terminal lines, nor taller than the window minus the header. */
export const DOCK_MIN_PX = 120;
export const DOCK_HEADER_ROOM_PX = 140;
/** One arrow key press on the handle moves it this much. */
export const DOCK_KEY_STEP_PX = 40;

export function clampDock(height: number, windowHeight: number): number {
  return Math.round(Math.max(DOCK_MIN_PX, Math.min(height, windowHeight - DOCK_HEADER_ROOM_PX)));
}

function load(): DockSize {
  const fallback: DockSize = {
    height: clampDock(window.innerHeight * DEFAULT_SHARE, window.innerHeight),
    state: 'normal',
  };
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<DockSize> | null;
    if (!raw || typeof raw.height !== 'number') return fallback;
    const state: DockState =
      raw.state === 'collapsed' || raw.state === 'maximized' ? raw.state : 'normal';
    return { height: clampDock(raw.height, window.innerHeight), state };
  } catch {
    return fallback;
  }
}

export function useDockSize(): [DockSize, (next: DockSize) => void] {
  const [size, setSize] = useState<DockSize>(load);
  const update = useCallback((next: DockSize) => {
    setSize(next);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Storage refused (private mode, quota): the size lasts for this page only.
    }
  }, []);
  return [size, update];
}

/**
 * The dashboard's keys, on the whole window so they work before anything
 * is focused: `/` search; ↑ ↓ Home End PageUp PageDown move; Enter open
 * (Shift+Enter: open in watch mode); Space marks a row, Shift+↑ ↓ marks
 * while moving (bulk actions act on the marked rows); `k` kill; `c` clean
 * up; `r` reviewed; `n` nickname; Esc drops the marks, then the search. Never while the user types, never
 * inside a dialog or a terminal, never with a modifier (those belong to
 * the browser and the OS). j/k-style movement is deliberately absent:
 * `k` is kill.
 */
import { useEffectEvent, useLayoutEffect } from 'react';
import type { TerminalMode } from '../../../preload/contract';

export type DashboardKey =
  | { kind: 'search' }
  | { kind: 'move'; by: number; extend?: boolean }
  | { kind: 'mark' }
  | { kind: 'escape' }
  | { kind: 'nickname' }
  | { kind: 'page'; direction: 1 | -1 }
  | { kind: 'edge'; to: 'first' | 'last' }
  | { kind: 'open'; mode: TerminalMode }
  | { kind: 'kill' }
  | { kind: 'cleanup' }
  | { kind: 'review' };

const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
/** Places whose keys are their own: dialogs (kill confirmation), terminals (xterm). */
const ELSEWHERE = '[role="dialog"], [role="alertdialog"], dialog, .xterm, [data-own-keys]';
/** Enter and arrows on these mean what they always mean. */
const CONTROLS = 'button, a[href], summary, [role="tab"], [role="tablist"]';

export function keyFor(event: KeyboardEvent): DashboardKey | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest(TYPING) || target?.closest(ELSEWHERE)) return null;
  const onControl = target?.closest(CONTROLS) != null;
  const inTabs = target?.closest('[role="tablist"]') != null;
  switch (event.key) {
    case '/':
      return { kind: 'search' };
    case 'ArrowDown':
      return inTabs ? null : { kind: 'move', by: 1, extend: event.shiftKey };
    case 'ArrowUp':
      return inTabs ? null : { kind: 'move', by: -1, extend: event.shiftKey };
    case ' ':
      return onControl ? null : { kind: 'mark' };
    case 'Escape':
      return { kind: 'escape' };
    case 'n':
      return { kind: 'nickname' };
    case 'PageDown':
      return { kind: 'page', direction: 1 };
    case 'PageUp':
      return { kind: 'page', direction: -1 };
    case 'Home':
      return { kind: 'edge', to: 'first' };
    case 'End':
      return { kind: 'edge', to: 'last' };
    case 'Enter':
      return onControl ? null : { kind: 'open', mode: event.shiftKey ? 'watch' : 'interactive' };
    case 'k':
      return { kind: 'kill' };
    case 'c':
      return { kind: 'cleanup' };
    case 'r':
      return { kind: 'review' };
    default:
      return null;
  }
}

export function useDashboardKeys(onKey: (key: DashboardKey) => boolean): void {
  const handle = useEffectEvent((event: KeyboardEvent) => {
    const key = keyFor(event);
    if (key && onKey(key)) event.preventDefault();
  });
  // A layout effect: the keys work from the first painted frame (a key pressed
  // as soon as the rows show is not lost to a passive effect still pending).
  useLayoutEffect(() => {
    const listener = (event: KeyboardEvent): void => handle(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

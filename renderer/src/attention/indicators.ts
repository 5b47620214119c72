/**
 * Know without looking, in the browser tab: the number of sessions needing
 * the user in the page title ("(2) Loopwatch") and the worst state drawn as
 * the favicon, with the tray icon's colours and marks. A plain store
 * subscription, outside React, that catches up a moment after a burst of
 * changes: off the path from a status change to its row on screen, and the
 * title and icon are touched only when what they show changes.
 */
import {
  attentionCount,
  TRAY_STATE_COLORS,
  trayStateOf,
  type TrayState,
} from '../../../preload/contract';
import type { SessionsStore } from '../state/sessionsStore';

export const APP_TITLE = 'Loopwatch';

/** Title and favicon lag a change by at most this: instant to a person, and a burst redraws them once. */
export const INDICATOR_DELAY_MS = 200;

export function pageTitle(count: number): string {
  return count > 0 ? `(${count}) ${APP_TITLE}` : APP_TITLE;
}

/** Each state's mark in the tray icon's 16-unit geometry (main/shell/icons/trayIcon.ts). */
const MARKS: Readonly<Record<TrayState, string>> = {
  crashed: '<path fill="none" d="M5.2 5.2L10.8 10.8M10.8 5.2L5.2 10.8" stroke-width="2.1"/>',
  waiting:
    '<path fill="none" d="M8 3.9V8.9" stroke-width="2.3"/><circle cx="8" cy="11.9" r="1.2" stroke="none"/>',
  working:
    '<path fill="none" d="M8 4.3A3.7 3.7 0 1 1 4.3 8" stroke-width="2.1"/><circle cx="8" cy="8" r="0.9" stroke="none"/>',
  idle: '<path fill="none" d="M4.6 8.4L7 10.8L11.5 5.6" stroke-width="2.1"/>',
  none: '',
};

/** The favicon for a state: the tray icon as SVG. */
export function faviconSvg(state: TrayState): string {
  const { fill, rim, glyph } = TRAY_STATE_COLORS[state];
  const body =
    state === 'none'
      ? `<circle cx="8" cy="8" r="6" fill="none" stroke="${rim}" stroke-width="3"/><circle cx="8" cy="8" r="6" fill="none" stroke="${fill}" stroke-width="1.6"/>`
      : `<circle cx="8" cy="8" r="7" fill="${fill}" stroke="${rim}" stroke-width="1"/><g fill="${glyph}" stroke="${glyph}" stroke-linecap="round" stroke-linejoin="round">${MARKS[state]}</g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" data-state="${state}">${body}</svg>`;
}

export function faviconHref(state: TrayState): string {
  return `data:image/svg+xml,${encodeURIComponent(faviconSvg(state))}`;
}

function iconLink(doc: Document): HTMLLinkElement {
  let link = doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = doc.createElement('link');
    link.rel = 'icon';
    doc.head.appendChild(link);
  }
  return link;
}

/** Keep the page title and favicon in step with the sessions; returns the unsubscribe. */
export function bindAttentionIndicators(
  store: SessionsStore,
  doc: Document = document,
): () => void {
  let shownCount = -1;
  let shownState: TrayState | null = null;
  let sessions: unknown = null;
  const update = (): void => {
    const state = store.getState();
    // Deltas that did not touch the sessions (connection, servers) change nothing here.
    if (state.sessions === sessions) return;
    sessions = state.sessions;
    const statuses = [...state.sessions.values()].map((s) => s.status);
    const count = attentionCount(statuses);
    const tray = trayStateOf(statuses);
    if (count !== shownCount) {
      shownCount = count;
      doc.title = pageTitle(count);
    }
    if (tray !== shownState) {
      shownState = tray;
      const link = iconLink(doc);
      link.type = 'image/svg+xml';
      link.href = faviconHref(tray);
      link.dataset.state = tray;
    }
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = (): void => {
    timer ??= setTimeout(() => {
      timer = null;
      update();
    }, INDICATOR_DELAY_MS);
  };
  update();
  const unsubscribe = store.subscribe(schedule);
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    timer = null;
  };
}

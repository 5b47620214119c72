/**
 * The entry: connect first, draw second. The transport and the stores (zod
 * and the WebSocket client, a small chunk) start fetching the sessions at
 * once, while the browser is still loading and compiling React and the
 * dashboard (a separate, larger chunk): the snapshot is usually there by
 * the time the page can draw it.
 */
import { getTransport } from './api/getTransport';
import { bindAttentionIndicators } from './attention/indicators';
import { bindBrowserNotifications } from './notifications/browserNotifications';
import { bindFocusReporter } from './notifications/focusReporter';
import { SettingsClient } from './settings/settingsClient';
import { bindTheme } from './settings/theme';
import { MarksStore } from './state/marksStore';
import { SessionsStore } from './state/sessionsStore';
import { TerminalsController } from './terminal/terminalsController';
import './styles.css';

const transport = getTransport();
const store = new SessionsStore(transport);
const marks = new MarksStore(transport);
const terminals = new TerminalsController(transport);
const settings = new SettingsClient(transport);
// The desktop app shows notifications natively; a browser page shows `serve`'s.
const browserNotifications = !window.loopwatch;
// Page-lifetime bindings (a page unload ends them): title and favicon, theme, focus.
bindAttentionIndicators(store);
bindTheme(settings);
bindFocusReporter(transport.api, terminals);
if (browserNotifications) {
  // A click opens the session's terminal in watch mode; a summary just brings the page up.
  bindBrowserNotifications(transport.api, (sessionId) => {
    if (sessionId)
      terminals.open(sessionId, 'watch', store.getState().sessions.get(sessionId)?.displayName);
  });
}
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

import('./mount').then(
  ({ mount }) => {
    mount(root, { api: transport.api, store, marks, terminals, settings, browserNotifications });
  },
  (error: unknown) => {
    root.textContent = `Loopwatch could not load the dashboard (${String(error)}); reload the page.`;
  },
);

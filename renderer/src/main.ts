/**
 * The entry: connect first, draw second. The transport and the stores (zod
 * and the WebSocket client, a small chunk) start fetching the sessions at
 * once, while the browser is still loading and compiling React and the
 * dashboard (a separate, larger chunk): the snapshot is usually there by
 * the time the page can draw it.
 */
import { getTransport } from './api/getTransport';
import { MarksStore } from './state/marksStore';
import { SessionsStore } from './state/sessionsStore';
import { TerminalsController } from './terminal/terminalsController';
import './styles.css';

const transport = getTransport();
const store = new SessionsStore(transport);
const marks = new MarksStore(transport);
const terminals = new TerminalsController(transport);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

import('./mount').then(
  ({ mount }) => {
    mount(root, { api: transport.api, store, marks, terminals });
  },
  (error: unknown) => {
    root.textContent = `Loopwatch could not load the dashboard (${String(error)}); reload the page.`;
  },
);

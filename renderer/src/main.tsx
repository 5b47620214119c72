import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getTransport } from './api/getTransport';
import { SettingsClient } from './settings/settingsClient';
import type { ShellServices } from './shell/useShell';
import { SessionsStore } from './state/sessionsStore';
import './styles.css';

const transport = getTransport();
const store = new SessionsStore(transport);
const shell: ShellServices = {
  api: transport.api,
  settings: new SettingsClient(transport),
  // The desktop app shows notifications natively; a browser page shows `serve`'s.
  browserNotifications: !window.loopwatch,
};
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App store={store} shell={shell} />
  </StrictMode>,
);

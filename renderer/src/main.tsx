import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getTransport } from './api/getTransport';
import { SessionsStore } from './state/sessionsStore';
import './styles.css';

const transport = getTransport();
const store = new SessionsStore(transport);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App store={store} api={transport.api} />
  </StrictMode>,
);

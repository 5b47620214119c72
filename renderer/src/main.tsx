import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getTransport } from './api/getTransport';
import { SessionsStore } from './state/sessionsStore';
import { TerminalsController } from './terminal/terminalsController';
import './styles.css';

const transport = getTransport();
const store = new SessionsStore(transport);
const terminals = new TerminalsController(transport);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App store={store} terminals={terminals} />
  </StrictMode>,
);

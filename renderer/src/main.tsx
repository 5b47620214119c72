import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getTransport } from './api/getTransport';
import { SessionsStore } from './state/sessionsStore';
import './styles.css';

const store = new SessionsStore(getTransport());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);

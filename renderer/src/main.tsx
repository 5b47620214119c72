import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getTransport } from './api/getTransport';
import { MarksStore } from './state/marksStore';
import { SessionsStore } from './state/sessionsStore';
import './styles.css';

const transport = getTransport();
const store = new SessionsStore(transport);
const marks = new MarksStore(transport);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App api={transport.api} store={store} marks={marks} />
  </StrictMode>,
);

import { useMemo, useSyncExternalStore } from 'react';
import { SESSION_STATUSES, type LoopwatchApi, type Session } from '../../preload/contract';
import { ActionsBar } from './actions/ActionsBar';
import { SessionTable } from './components/SessionTable';
import type { SessionsStore } from './state/sessionsStore';

const URGENCY = new Map(SESSION_STATUSES.map((status, index) => [status, index]));

function byUrgency(a: Session, b: Session): number {
  return (
    (URGENCY.get(a.status) ?? 99) - (URGENCY.get(b.status) ?? 99) || a.name.localeCompare(b.name)
  );
}

export function App({
  store,
  api,
}: {
  store: SessionsStore;
  api: LoopwatchApi;
}): React.JSX.Element {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const sessions = useMemo(() => [...state.sessions.values()].sort(byUrgency), [state.sessions]);
  const down = state.servers.filter((s) => s.state !== 'up');
  return (
    <main className="app">
      <header className="topbar">
        <h1>Loopwatch</h1>
        <span className="summary" aria-live="polite">
          {state.loaded ? `${sessions.length} sessions` : 'Loading…'}
        </span>
        <ActionsBar api={api} sessions={sessions} />
        {state.connection !== 'open' && (
          <span role="status" className="connection">
            {state.connection === 'reconnecting' ? 'Reconnecting to Loopwatch…' : 'Connecting…'}
          </span>
        )}
      </header>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      {state.loaded && sessions.length === 0 ? (
        <section className="empty" aria-label="No sessions">
          <p>No tmux sessions yet.</p>
          <p>
            Start an agent in tmux, e.g. <code>tmux new -s my-agent claude</code> or{' '}
            <code>./scripts/run.sh ralph my-run 25</code>; it appears here within a second.
          </p>
        </section>
      ) : (
        <SessionTable sessions={sessions} />
      )}
      {down.length > 0 && (
        <footer className="servers" aria-label="Servers not answering">
          {down.map((server) => (
            <div key={server.socket}>
              {server.socket}: {server.error ?? server.state}
            </div>
          ))}
        </footer>
      )}
    </main>
  );
}

import { useCallback } from 'react';
import type { LoopwatchApi, Session, TerminalMode } from '../../preload/contract';
import { Dashboard, type DashboardActions } from './dashboard/Dashboard';
import { ApiContext } from './state/apiContext';
import type { MarksStore } from './state/marksStore';
import type { SessionsStore } from './state/sessionsStore';
import { TerminalTabs } from './terminal/TerminalTabs';
import type { TerminalsController } from './terminal/terminalsController';

export interface AppProps extends Omit<DashboardActions, 'onOpen'> {
  api: LoopwatchApi;
  store: SessionsStore;
  marks: MarksStore;
  /** Live terminals: rows open them on double-click / Enter (Shift: watch mode). */
  terminals: TerminalsController;
}

/**
 * The page: the dashboard, with the terminal tabs docked under it. Actions
 * other parts supply (kill, cleanup) come in as props; without them their
 * keys and buttons are simply absent.
 */
export function App({ api, store, marks, terminals, ...actions }: AppProps): React.JSX.Element {
  const openTerminal = useCallback(
    (session: Session, mode: TerminalMode) => terminals.open(session.id, mode, session.displayName),
    [terminals],
  );
  return (
    <ApiContext.Provider value={api}>
      <Dashboard store={store} marks={marks} onOpen={openTerminal} {...actions} />
      <TerminalTabs controller={terminals} store={store} />
    </ApiContext.Provider>
  );
}

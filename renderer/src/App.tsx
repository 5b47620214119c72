import type { LoopwatchApi } from '../../preload/contract';
import { Dashboard, type DashboardActions } from './dashboard/Dashboard';
import { ApiContext } from './state/apiContext';
import type { MarksStore } from './state/marksStore';
import type { SessionsStore } from './state/sessionsStore';

export interface AppProps extends DashboardActions {
  api: LoopwatchApi;
  store: SessionsStore;
  marks: MarksStore;
}

/**
 * The page. Actions other parts supply (terminal, kill, cleanup) come in as
 * props; without them their keys and buttons are simply absent.
 */
export function App({ api, store, marks, ...actions }: AppProps): React.JSX.Element {
  return (
    <ApiContext.Provider value={api}>
      <Dashboard store={store} marks={marks} {...actions} />
    </ApiContext.Provider>
  );
}

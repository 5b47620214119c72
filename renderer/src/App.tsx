import { useCallback, useState } from 'react';
import type { LoopwatchApi, Session, TerminalMode } from '../../preload/contract';
import { ActionDialogs, ActionsBar, type ActionDialog } from './actions/ActionsBar';
import { Dashboard } from './dashboard/Dashboard';
import { ApiContext } from './state/apiContext';
import type { MarksStore } from './state/marksStore';
import type { SessionsStore } from './state/sessionsStore';
import { TerminalTabs } from './terminal/TerminalTabs';
import type { TerminalsController } from './terminal/terminalsController';

export interface AppProps {
  api: LoopwatchApi;
  store: SessionsStore;
  marks: MarksStore;
  /** Live terminals: rows open them on double-click / Enter (Shift: watch mode). */
  terminals: TerminalsController;
}

/**
 * The page: the dashboard, its lifecycle dialogs (start, kill, resume,
 * clean up, agent hooks), and the terminal tabs docked under it.
 */
export function App({ api, store, marks, terminals }: AppProps): React.JSX.Element {
  const [dialog, setDialog] = useState<ActionDialog>(null);
  const openTerminal = useCallback(
    (session: Session, mode: TerminalMode) => terminals.open(session.id, mode, session.displayName),
    [terminals],
  );
  const kill = useCallback((session: Session) => {
    if (session.live && session.socket) {
      setDialog({ kind: 'kill', target: { name: session.name, socket: session.socket } });
    }
  }, []);
  const resume = useCallback((session: Session) => {
    const run = session.pipeline;
    if (run)
      setDialog({ kind: 'resumeRun', run: { name: run.runName, projectDir: run.projectDir } });
  }, []);
  const cleanup = useCallback(() => setDialog({ kind: 'cleanup' }), []);
  return (
    <ApiContext.Provider value={api}>
      <Dashboard
        store={store}
        marks={marks}
        toolbar={<ActionsBar onOpen={setDialog} />}
        onOpen={openTerminal}
        onKill={kill}
        onResume={resume}
        onCleanup={cleanup}
      />
      <TerminalTabs controller={terminals} store={store} />
      <ActionDialogs api={api} open={dialog} onClose={() => setDialog(null)} />
    </ApiContext.Provider>
  );
}

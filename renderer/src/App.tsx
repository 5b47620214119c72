import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import type { LoopwatchApi, Session, TerminalMode } from '../../preload/contract';
import { ActionDialogs, ActionsBar, type ActionDialog } from './actions/ActionsBar';
import { Dashboard } from './dashboard/Dashboard';
import { wasRead } from './dashboard/model/filters';
import { NotificationBell } from './notifications/NotificationBell';
import type { SettingsClient } from './settings/settingsClient';
import { ApiContext } from './state/apiContext';
import type { MarksStore } from './state/marksStore';
import type { SessionsStore } from './state/sessionsStore';
import { onFindInTerminal } from './terminal/findInTerminal';
import type { TerminalsController } from './terminal/terminalsController';

/**
 * The terminals (xterm.js and its addons: half of the page's script) load when
 * the first one opens, or once the list is drawn and the browser is idle: the
 * first render of the list does not wait for them.
 */
const loadTerminalTabs = () =>
  import('./terminal/TerminalTabs').then(({ TerminalTabs: tabs }) => ({ default: tabs }));
const TerminalTabs = lazy(loadTerminalTabs);
/** After the first render, when idle (at most this late), fetch the terminals ahead of a click. */
const PRELOAD_TERMINALS_WITHIN_MS = 2_000;

/** Loaded when first opened: the first render of the list does not wait for it. */
const SettingsView = lazy(() =>
  import('./settings/SettingsView').then(({ SettingsView: view }) => ({ default: view })),
);

export interface AppProps {
  api: LoopwatchApi;
  store: SessionsStore;
  marks: MarksStore;
  /** Live terminals: rows open them on double-click / Enter (Shift: watch mode). */
  terminals: TerminalsController;
  settings: SettingsClient;
  /** `serve` in a browser: the page shows notifications (the bell asks for permission). */
  browserNotifications: boolean;
}

/**
 * The page: the dashboard, its lifecycle dialogs (start, kill, resume,
 * clean up, agent hooks), the settings, and the terminal tabs docked under it.
 */
export function App({
  api,
  store,
  marks,
  terminals,
  settings,
  browserNotifications,
}: AppProps): React.JSX.Element {
  const [dialog, setDialog] = useState<ActionDialog>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  // A terminal opened from outside the list (a notification, the tray) selects its session, so
  // its question shows in the queue and the details too.
  const activeTerminal = useSyncExternalStore(
    terminals.subscribe,
    () => terminals.getState().active,
  );
  const anyTerminal = useSyncExternalStore(
    terminals.subscribe,
    () => terminals.getState().tabs.length > 0,
  );
  // The log viewer's "Find in the terminal".
  useEffect(
    () =>
      onFindInTerminal(({ sessionId, label, text }) =>
        terminals.openWithSearch(sessionId, label, text),
      ),
    [terminals],
  );
  // Only once the list is drawn (the first snapshot is in): before, the download and parse
  // would compete with the first render.
  const listLoaded = useSyncExternalStore(store.subscribe, () => store.getState().loaded);
  const hostHealth = useSyncExternalStore(store.subscribe, () => store.getState().hosts);
  const hostNames = useMemo(() => hostHealth.map((h) => h.name), [hostHealth]);
  useEffect(() => {
    if (!listLoaded) return;
    const preload = (): void => void loadTerminalTabs().catch(() => undefined);
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(preload, { timeout: PRELOAD_TERMINALS_WITHIN_MS });
      return () => cancelIdleCallback(id);
    }
    const timer = setTimeout(preload, PRELOAD_TERMINALS_WITHIN_MS);
    return () => clearTimeout(timer);
  }, [listLoaded]);
  // The tray menu's "Settings…" and "Clean up…" ask for a view.
  useEffect(
    () =>
      api.onViewRequested(({ view }) => {
        setSettingsOpen(view === 'settings');
        if (view === 'cleanup') setDialog({ kind: 'cleanup' });
      }),
    [api],
  );
  const openTerminal = useCallback(
    (session: Session, mode: TerminalMode) => terminals.open(session.id, mode, session.displayName),
    [terminals],
  );
  const kill = useCallback((session: Session) => {
    if (session.live && session.socket) {
      setDialog({
        kind: 'kill',
        target: { name: session.name, socket: session.socket, host: session.host },
      });
    }
  }, []);
  const killMany = useCallback((sessions: Session[]) => {
    const targets = sessions.flatMap((s) =>
      s.live && s.socket ? [{ name: s.name, socket: s.socket }] : [],
    );
    if (targets.length > 0) setDialog({ kind: 'killMany', targets });
  }, []);
  const resume = useCallback((session: Session) => {
    const run = session.pipeline;
    if (run)
      setDialog({
        kind: 'resumeRun',
        run: { name: run.runName, projectDir: run.projectDir, host: session.host },
      });
  }, []);
  const cleanup = useCallback(() => setDialog({ kind: 'cleanup' }), []);
  const unread = useCallback(
    (socket: string, name: string) => {
      const marksNow = marks.getState().marks;
      for (const session of store.getState().sessions.values()) {
        if (session.socket === socket && session.name === name)
          return !wasRead(session, marksNow.get(session.id));
      }
      return false;
    },
    [store, marks],
  );
  return (
    <ApiContext.Provider value={api}>
      <Dashboard
        store={store}
        marks={marks}
        revealId={activeTerminal}
        toolbar={
          <>
            <ActionsBar onOpen={setDialog} />
            <span className="shell-controls">
              {browserNotifications && <NotificationBell />}
              <button type="button" onClick={() => setSettingsOpen(true)}>
                Settings…
              </button>
            </span>
          </>
        }
        onOpen={openTerminal}
        onKill={kill}
        onKillMany={killMany}
        onResume={resume}
        onCleanup={cleanup}
      />
      {anyTerminal && (
        <Suspense fallback={null}>
          <TerminalTabs controller={terminals} store={store} />
        </Suspense>
      )}
      <ActionDialogs
        api={api}
        open={dialog}
        onClose={() => setDialog(null)}
        unread={unread}
        hosts={hostNames}
      />
      {settingsOpen && (
        <Suspense fallback={null}>
          <SettingsView client={settings} store={store} onClose={() => setSettingsOpen(false)} />
        </Suspense>
      )}
    </ApiContext.Provider>
  );
}

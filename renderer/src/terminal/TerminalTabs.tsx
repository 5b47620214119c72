/**
 * The terminals docked under the session list, one tab per session. Mounted
 * once by App; opening a session (double-click, Enter) goes through the
 * TerminalsController.
 */
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useSyncExternalStore } from 'react';
import type { SessionsStore } from '../state/sessionsStore';
import type { TerminalsController } from './terminalsController';
import { TerminalView } from './TerminalView';

export function TerminalTabs({
  controller,
  store,
}: {
  controller: TerminalsController;
  store: SessionsStore;
}): React.JSX.Element | null {
  const { tabs, active, focusRequest } = useSyncExternalStore(
    controller.subscribe,
    controller.getState,
  );
  const { sessions } = useSyncExternalStore(store.subscribe, store.getState);
  if (tabs.length === 0) return null;
  return (
    <>
      {/* Keeps the end of the session list scrollable above the dock. */}
      <div className="terminal-dock-spacer" aria-hidden="true" />
      <section className="terminal-dock" aria-label="Terminals">
        <div role="tablist" aria-label="Open terminals" className="terminal-tabs">
          {tabs.map((tab) => {
            const session = sessions.get(tab.sessionId);
            const selected = tab.sessionId === active;
            const label = session?.displayName ?? tab.label;
            return (
              <div key={tab.sessionId} className="terminal-tab" data-selected={selected}>
                <button
                  type="button"
                  role="tab"
                  aria-selected={selected}
                  aria-controls={`terminal-panel-${tab.sessionId}`}
                  onClick={() => controller.activate(tab.sessionId)}
                >
                  {label}
                  {!session && ' (ended)'}
                </button>
                <button
                  type="button"
                  className="terminal-tab-close"
                  aria-label={`Detach ${label}`}
                  onClick={() => controller.close(tab.sessionId)}
                >
                  ✕
                </button>
              </div>
            );
          })}
        </div>
        {tabs.map((tab) => (
          <TerminalView
            key={tab.sessionId}
            tab={tab}
            session={sessions.get(tab.sessionId)}
            active={tab.sessionId === active}
            focusRequest={focusRequest}
            transport={controller.transport}
            onDetach={() => controller.close(tab.sessionId)}
          />
        ))}
      </section>
    </>
  );
}

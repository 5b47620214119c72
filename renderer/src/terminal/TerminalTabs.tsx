/**
 * The terminals docked under the session list, one tab per session. Mounted
 * once by App; opening a session (double-click, Enter) goes through the
 * TerminalsController.
 */
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useRef, useSyncExternalStore } from 'react';
import type { SessionsStore } from '../state/sessionsStore';
import type { TerminalsController } from './terminalsController';
import { TerminalView } from './TerminalView';
import { clampDock, DOCK_KEY_STEP_PX, DOCK_MIN_PX, useDockSize } from './useDockSize';

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
  const [dock, setDock] = useDockSize();
  const drag = useRef<{ startY: number; startHeight: number } | null>(null);
  if (tabs.length === 0) return null;
  const resizeTo = (height: number): void =>
    setDock({ height: clampDock(height, window.innerHeight), state: 'normal' });
  const style = dock.state === 'normal' ? { height: `${dock.height}px` } : undefined;
  return (
    <section className={`terminal-dock dock-${dock.state}`} aria-label="Terminals" style={style}>
      <div
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize terminals (↑ ↓)"
        aria-valuemin={DOCK_MIN_PX}
        aria-valuemax={window.innerHeight}
        aria-valuenow={dock.height}
        tabIndex={0}
        className="dock-handle"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          const current = event.currentTarget.parentElement?.getBoundingClientRect().height;
          drag.current = { startY: event.clientY, startHeight: current ?? dock.height };
        }}
        onPointerMove={(event) => {
          if (!drag.current) return;
          resizeTo(drag.current.startHeight + (drag.current.startY - event.clientY));
        }}
        onPointerUp={() => (drag.current = null)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowUp') resizeTo(dock.height + DOCK_KEY_STEP_PX);
          else if (event.key === 'ArrowDown') resizeTo(dock.height - DOCK_KEY_STEP_PX);
          else return;
          event.preventDefault();
        }}
      />
      <div className="terminal-tabs-bar">
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
        <span className="dock-controls">
          <button
            type="button"
            aria-pressed={dock.state === 'collapsed'}
            onClick={() =>
              setDock({ ...dock, state: dock.state === 'collapsed' ? 'normal' : 'collapsed' })
            }
          >
            {dock.state === 'collapsed' ? 'Show terminals' : 'Collapse'}
          </button>
          <button
            type="button"
            aria-pressed={dock.state === 'maximized'}
            onClick={() =>
              setDock({ ...dock, state: dock.state === 'maximized' ? 'normal' : 'maximized' })
            }
          >
            {dock.state === 'maximized' ? 'Restore' : 'Maximise'}
          </button>
        </span>
      </div>
      <div className="dock-body" hidden={dock.state === 'collapsed'}>
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
      </div>
    </section>
  );
}

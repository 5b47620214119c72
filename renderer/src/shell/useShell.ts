/**
 * What the dashboard does for the shell: follow main's requests (open a
 * session's terminal, show a view), show `serve`'s notifications in the
 * browser, keep the title, favicon and theme in step. Returns the view the
 * dashboard shows.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LoopwatchApi, Session } from '../../../preload/contract';
import { useAttentionIndicators } from '../attention/indicators';
import { showBrowserNotification } from '../notifications/browserNotifications';
import type { SettingsClient } from '../settings/settingsClient';
import { useTheme } from '../settings/theme';
import { revealSession } from './revealSession';

export interface ShellServices {
  api: LoopwatchApi;
  settings: SettingsClient;
  /** Show notifications with the browser's API (`serve`); the desktop app shows its own. */
  browserNotifications: boolean;
}

export type DashboardView = 'sessions' | 'settings';

export function useShell(
  shell: ShellServices,
  sessions: readonly Session[],
): { view: DashboardView; setView: (view: DashboardView) => void } {
  const [view, setView] = useState<DashboardView>('sessions');
  const settings = useSyncExternalStore(shell.settings.subscribe, shell.settings.getState);
  useAttentionIndicators(sessions);
  useTheme(settings.value?.settings.theme ?? 'system');

  const stopRevealing = useRef<() => void>(() => {});
  // Until the terminal view lands, "open the terminal" selects and focuses its row.
  const openTerminal = useCallback((sessionId: string) => {
    setView('sessions');
    stopRevealing.current();
    stopRevealing.current = revealSession(sessionId);
  }, []);
  useEffect(() => () => stopRevealing.current(), []);

  const { api, browserNotifications } = shell;
  useEffect(() => {
    const unsubscribers = [
      api.onOpenTerminalRequested(({ sessionId }) => openTerminal(sessionId)),
      api.onViewRequested(({ view: requested }) =>
        setView(requested === 'settings' ? 'settings' : 'sessions'),
      ),
    ];
    if (browserNotifications) {
      unsubscribers.push(
        api.onNotification((notification) => {
          showBrowserNotification(notification, (sessionId) => {
            if (sessionId) openTerminal(sessionId);
            else setView('sessions');
          });
        }),
      );
    }
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [api, browserNotifications, openTerminal]);

  return { view, setView };
}

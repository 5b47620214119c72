/**
 * What the desktop app and `loopwatch serve` both run around the
 * supervisor: the API backend with the settings and focus operations, the
 * notification policy fed by the supervisor's transitions, and the
 * settings applied to the supervisor. One instance per process. Plain
 * Node: the Electron shell passes in what only it can do (native
 * notifications, window focus, start at login).
 */
import type {
  LoopwatchNotification,
  Settings,
  SettingsPatch,
  SettingsState,
} from '../../preload/contract';
import { createApiBackend, type ApiBackend, type ApiBackendOptions } from '../api/backend';
import type { Handlers } from '../api/handlerTypes';
import type { Supervisor } from '../core/supervisor';
import { NotificationPolicy, type PolicyClock } from './notificationPolicy';
import type { SettingsStore } from './settings/settingsStore';
import { pauseEnd } from './trayModel';

export interface AppCoreOptions {
  supervisor: Supervisor;
  settings: SettingsStore;
  /** Show a notification. Default: push it to the pages (`serve`), which show it. */
  deliver?: (notification: LoopwatchNotification) => void;
  /** Is one of our windows focused? (Electron knows; a page reports its own blur as focus null.) */
  windowFocused?: () => boolean;
  /** Register or unregister start at login; absent where this process cannot. */
  setStartAtLogin?: (enabled: boolean) => Promise<void> | void;
  clock?: PolicyClock;
  /** Operations this process hosts besides the core's (openTerminal where terminals run). */
  handlers?: Partial<Handlers>;
  backendOptions?: ApiBackendOptions;
}

export interface AppCore {
  backend: ApiBackend;
  policy: NotificationPolicy;
  /** The session whose terminal has the user's eyes (reported by the page, and a window is focused). */
  focusedSession(): string | null;
  dispose(): void;
}

function watchTargets(settings: Settings): { sockets: string[]; projectRoots: string[] } {
  return { sockets: settings.extraSockets, projectRoots: settings.projectRoots };
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const { supervisor, settings } = options;
  let reportedFocus: string | null = null;
  const focusedSession = (): string | null =>
    reportedFocus !== null && (options.windowFocused?.() ?? true) ? reportedFocus : null;

  const updateSettings = async (patch: SettingsPatch): Promise<SettingsState> => {
    const wanted = patch.startAtLogin;
    if (wanted !== undefined && wanted !== settings.get().startAtLogin) {
      if (!options.setStartAtLogin) {
        throw new Error('start at login is set from the desktop app, not from `loopwatch serve`');
      }
      await options.setStartAtLogin(wanted);
    }
    return settings.update(patch);
  };

  const backend = createApiBackend(
    supervisor,
    {
      ...options.handlers,
      getSettings: () => Promise.resolve(settings.state()),
      updateSettings,
      pauseNotifications: ({ choice }) =>
        settings.update({
          pausedUntil:
            choice === null ? null : new Date(pauseEnd(choice, Date.now())).toISOString(),
        }),
      reportFocus: ({ sessionId }) => {
        reportedFocus = sessionId;
        return Promise.resolve(null);
      },
    },
    options.backendOptions,
  );

  const deliver = options.deliver ?? ((n) => backend.publish('notification', n));
  const policy = new NotificationPolicy({
    settings: () => settings.get(),
    focusedSession,
    session: (id) => supervisor.sessions().find((s) => s.id === id),
    deliver,
    clock: options.clock,
  });

  supervisor.setWatchTargets(watchTargets(settings.get()));
  let targetsKey = JSON.stringify(watchTargets(settings.get()));
  const unsubscribers = [
    backend.subscribe('transition', (transition) => policy.onTransition(transition)),
    settings.onChange((state) => {
      backend.publish('settingsChanged', state);
      const key = JSON.stringify(watchTargets(state.settings));
      if (key === targetsKey) return;
      targetsKey = key;
      supervisor.setWatchTargets(watchTargets(state.settings));
    }),
  ];

  return {
    backend,
    policy,
    focusedSession,
    dispose() {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      policy.dispose();
      backend.dispose();
    },
  };
}

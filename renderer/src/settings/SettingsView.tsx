/**
 * The settings: which notifications, pause and mute, what to watch
 * besides what Loopwatch finds itself, start at login, theme. Every change
 * is saved at once (main validates it); a problem with the settings file
 * (moved aside as corrupted) is shown at the top.
 */
import { LogSettingsFields } from './LogSettings';
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { THEMES, type Settings, type SettingsPatch } from '../../../preload/contract';
import { Dialog } from '../actions/Dialog';
import type { SessionsStore } from '../state/sessionsStore';
import { ListEditor } from './ListEditor';
import type { SettingsClient } from './settingsClient';
import './settings.css';

const KINDS: readonly { key: keyof Settings & `notify${string}`; label: string; hint: string }[] = [
  { key: 'notifyNeedsYou', label: 'Needs you', hint: 'a session waits for an answer' },
  { key: 'notifyFinished', label: 'Finished', hint: 'a run completed or an agent ended its turn' },
  { key: 'notifyCrashed', label: 'Crashed', hint: 'a session exited with an error or was killed' },
];

const THEME_LABELS: Readonly<Record<Settings['theme'], string>> = {
  system: 'Follow the system',
  light: 'Light',
  dark: 'Dark',
};

function clockTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Is a pause until `pausedUntil` on now? Re-renders by itself when it runs out. */
function usePauseActive(pausedUntil: string | null): boolean {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (pausedUntil === null) return;
    const wait = Date.parse(pausedUntil) - Date.now();
    if (wait <= 0) return;
    const timer = setTimeout(() => setNow(Date.now()), wait);
    return () => clearTimeout(timer);
  }, [pausedUntil]);
  return pausedUntil !== null && Date.parse(pausedUntil) > now;
}

export function SettingsView({
  client,
  store,
  onClose,
}: {
  client: SettingsClient;
  /** The sessions, to name muted ones and offer the rest for muting. */
  store: SessionsStore;
  onClose: () => void;
}): React.JSX.Element {
  const { value, error } = useSyncExternalStore(client.subscribe, client.getState);
  const { sessions: sessionMap } = useSyncExternalStore(store.subscribe, store.getState);
  const [muteChoice, setMuteChoice] = useState('');
  const muteSelectId = useId();
  const paused = usePauseActive(value?.settings.pausedUntil ?? null);
  if (!value) {
    return (
      <Dialog title="Settings" onClose={onClose}>
        <p role={error ? 'alert' : 'status'}>{error ?? 'Loading settings…'}</p>
      </Dialog>
    );
  }
  const sessions = [...sessionMap.values()].sort((a, b) =>
    a.displayName.localeCompare(b.displayName),
  );
  const { settings, notice, file, startAtLoginSupported } = value;
  const update = (patch: SettingsPatch): Promise<boolean> => client.update(patch);
  const nameOf = (id: string): string => sessions.find((s) => s.id === id)?.displayName ?? id;
  const unmuted = sessions.filter((s) => !settings.mutedSessions.includes(s.id));

  return (
    <Dialog title="Settings" onClose={onClose} wide>
      <div className="settings">
        {notice && (
          <p role="alert" className="notice">
            {notice}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            Not saved: {error}
          </p>
        )}

        <fieldset>
          <legend>Notify me when</legend>
          {KINDS.map(({ key, label, hint }) => (
            <label key={key} className="check">
              <input
                type="checkbox"
                checked={settings[key]}
                onChange={(event) => void update({ [key]: event.target.checked })}
              />
              {label} <span className="muted">— {hint}</span>
            </label>
          ))}
          <label className="check">
            <input
              type="checkbox"
              checked={settings.sound}
              onChange={(event) => void update({ sound: event.target.checked })}
            />
            Play a sound
          </label>
        </fieldset>

        <fieldset>
          <legend>Pause</legend>
          {paused ? (
            <p>
              <span role="status">
                Notifications paused until {clockTime(settings.pausedUntil!)}.
              </span>{' '}
              <button type="button" onClick={() => void client.pause(null)}>
                Resume notifications
              </button>
            </p>
          ) : (
            <p>
              <button type="button" onClick={() => void client.pause('oneHour')}>
                Pause for 1 hour
              </button>{' '}
              <button type="button" onClick={() => void client.pause('tomorrowMorning')}>
                Pause until tomorrow morning
              </button>
            </p>
          )}
        </fieldset>

        <fieldset>
          <legend>Muted sessions</legend>
          <ul aria-label="Muted sessions">
            {settings.mutedSessions.length === 0 && <li className="muted">None</li>}
            {settings.mutedSessions.map((id) => (
              <li key={id}>
                {nameOf(id)}
                <button
                  type="button"
                  aria-label={`Unmute ${nameOf(id)}`}
                  onClick={() =>
                    void update({ mutedSessions: settings.mutedSessions.filter((m) => m !== id) })
                  }
                >
                  Unmute
                </button>
              </li>
            ))}
          </ul>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (!muteChoice) return;
              void update({ mutedSessions: [...settings.mutedSessions, muteChoice] }).then(
                (ok) => ok && setMuteChoice(''),
              );
            }}
          >
            <label htmlFor={muteSelectId}>Mute a session</label>{' '}
            <select
              id={muteSelectId}
              value={muteChoice}
              onChange={(event) => setMuteChoice(event.target.value)}
            >
              <option value="">Choose…</option>
              {unmuted.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.displayName}
                </option>
              ))}
            </select>{' '}
            <button type="submit" disabled={!muteChoice}>
              Mute
            </button>
          </form>
        </fieldset>

        <fieldset>
          <legend>Also watch</legend>
          <h3>tmux sockets</h3>
          <p className="muted">
            Servers outside your tmux socket directory, e.g. a tool&apos;s private socket.
          </p>
          <ListEditor
            label="Extra tmux sockets"
            items={settings.extraSockets}
            placeholder="/path/to/server.sock"
            onChange={(extraSockets) => update({ extraSockets })}
          />
          <h3>Project roots</h3>
          <p className="muted">Folders holding projects whose pipeline runs to watch.</p>
          <ListEditor
            label="Project roots"
            items={settings.projectRoots}
            placeholder="/home/you/projects"
            onChange={(projectRoots) => update({ projectRoots })}
          />
        </fieldset>

        <LogSettingsFields settings={settings} update={update} />

        <fieldset>
          <legend>App</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.startAtLogin}
              disabled={!startAtLoginSupported}
              onChange={(event) => void update({ startAtLogin: event.target.checked })}
            />
            Start Loopwatch at login
            {!startAtLoginSupported && (
              <span className="muted"> — set this in the desktop app</span>
            )}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.showInDock}
              onChange={(event) => void update({ showInDock: event.target.checked })}
            />
            Show in the Dock <span className="muted">(macOS; off: the menu bar icon only)</span>
          </label>
          <div role="radiogroup" aria-label="Theme" className="themes">
            {THEMES.map((theme) => (
              <label key={theme} className="check">
                <input
                  type="radio"
                  name="theme"
                  checked={settings.theme === theme}
                  onChange={() => void update({ theme })}
                />
                {THEME_LABELS[theme]}
              </label>
            ))}
          </div>
        </fieldset>
        <p className="muted">
          Saved in <code>{file}</code>
        </p>
      </div>
    </Dialog>
  );
}

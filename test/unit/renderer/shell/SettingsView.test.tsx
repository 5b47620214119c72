// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type SettingsPatch,
  type SettingsState,
} from '../../../../preload/contract';
import { SettingsClient } from '../../../../renderer/src/settings/settingsClient';
import { SettingsView } from '../../../../renderer/src/settings/SettingsView';
import { SessionsStore } from '../../../../renderer/src/state/sessionsStore';
import { sampleSession } from '../../../helpers/samples';
import { fakeApi } from '../dashboard/fakeApi';

afterEach(cleanup);

function setup(initial: Partial<SettingsState> = {}) {
  const fake = fakeApi([
    sampleSession({ id: 'tmux:/s:agent-a', name: 'agent-a', displayName: 'agent-a' }),
  ]);
  let state: SettingsState = {
    settings: DEFAULT_SETTINGS,
    notice: null,
    file: '/home/u/.config/loopwatch/settings.json',
    startAtLoginSupported: false,
    ...initial,
  };
  const updateSettings = vi.fn((patch: SettingsPatch) => {
    if (patch.extraSockets?.some((s) => !s.startsWith('/'))) {
      return Promise.reject(new Error('extraSockets: an absolute path, starting with /'));
    }
    state = { ...state, settings: { ...state.settings, ...patch } };
    return Promise.resolve(state);
  });
  const pauseNotifications = vi.fn(({ choice }: { choice: string | null }) => {
    state = {
      ...state,
      settings: {
        ...state.settings,
        pausedUntil: choice ? new Date(Date.now() + 3_600_000).toISOString() : null,
      },
    };
    return Promise.resolve(state);
  });
  Object.assign(fake.api, {
    getSettings: () => Promise.resolve(state),
    updateSettings,
    pauseNotifications,
    onSettingsChanged: () => () => undefined,
  });
  const client = new SettingsClient(fake.transport);
  const store = new SessionsStore(fake.transport);
  const onClose = vi.fn();
  render(<SettingsView client={client} store={store} onClose={onClose} />);
  return { updateSettings, pauseNotifications, onClose };
}

describe('SettingsView', () => {
  it('saves a notification kind switched off at once', async () => {
    const t = setup();
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    const finished = await within(dialog).findByRole<HTMLInputElement>('checkbox', {
      name: /^Finished/,
    });
    expect(finished.checked).toBe(true);
    fireEvent.click(finished);
    expect(t.updateSettings).toHaveBeenCalledWith({ notifyFinished: false });
    await vi.waitFor(() => expect(finished.checked).toBe(false));
  });

  it('shows the notice about a corrupted file, and where settings are saved', async () => {
    setup({ notice: 'The settings file was corrupted; it was moved to settings.json.bak' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/moved to settings\.json\.bak/);
    expect(screen.getByText('/home/u/.config/loopwatch/settings.json')).toBeTruthy();
  });

  it('pauses and resumes notifications', async () => {
    const t = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Pause for 1 hour' }));
    expect(t.pauseNotifications).toHaveBeenCalledWith({ choice: 'oneHour' });
    fireEvent.click(await screen.findByRole('button', { name: 'Resume notifications' }));
    expect(t.pauseNotifications).toHaveBeenLastCalledWith({ choice: null });
    await screen.findByRole('button', { name: 'Pause until tomorrow morning' });
  });

  it('mutes a session picked by name', async () => {
    const t = setup();
    const select = await screen.findByLabelText('Mute a session');
    await within(select).findByRole('option', { name: 'agent-a' });
    fireEvent.change(select, { target: { value: 'tmux:/s:agent-a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    expect(t.updateSettings).toHaveBeenCalledWith({ mutedSessions: ['tmux:/s:agent-a'] });
    expect(await screen.findByRole('button', { name: 'Unmute agent-a' })).toBeTruthy();
  });

  it('keeps a refused socket in the box and says why', async () => {
    const t = setup();
    const input = await screen.findByLabelText<HTMLInputElement>('Add to extra tmux sockets');
    fireEvent.change(input, { target: { value: 'relative.sock' } });
    fireEvent.click(within(input.closest('form')!).getByRole('button', { name: 'Add' }));
    expect(t.updateSettings).toHaveBeenCalledWith({ extraSockets: ['relative.sock'] });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not saved: .*absolute path/);
    expect(input.value).toBe('relative.sock');
  });

  it('says start at login is set from the desktop app when this process cannot', async () => {
    setup();
    const box = await screen.findByRole<HTMLInputElement>('checkbox', {
      name: /Start Loopwatch at login/,
    });
    expect(box.disabled).toBe(true);
  });

  it('Escape closes it', async () => {
    const t = setup();
    await screen.findByRole('dialog', { name: 'Settings' });
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(t.onClose).toHaveBeenCalled();
  });
});

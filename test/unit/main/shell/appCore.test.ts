import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  LoopwatchNotification,
  SettingsState,
  Transition,
} from '../../../../preload/contract';
import { createAppCore, type AppCore } from '../../../../main/shell/appCore';
import { COALESCE_WINDOW_MS } from '../../../../main/shell/notificationPolicy';
import {
  openJsonSettings,
  type SettingsStore,
} from '../../../../main/shell/settings/settingsStore';
import { FakeSupervisor } from '../../../helpers/fakeSupervisor';
import { sampleSession } from '../../../helpers/samples';

let dir: string;
let settings: SettingsStore;
let supervisor: FakeSupervisor;
let core: AppCore;
let delivered: LoopwatchNotification[];

function crash(id: string): Transition {
  return {
    sessionId: id,
    name: id,
    from: 'working',
    to: 'crashed',
    reason: 'pane %1 exited with status 3',
    at: new Date().toISOString(),
    initial: false,
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lw-core-'));
  settings = await openJsonSettings(join(dir, 'settings.json'), () => undefined);
  supervisor = new FakeSupervisor();
  delivered = [];
});
afterEach(async () => {
  core.dispose();
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('app core', () => {
  it('feeds the supervisor transitions to the policy and pushes notifications to the pages', async () => {
    vi.useFakeTimers();
    core = createAppCore({ supervisor: supervisor.asSupervisor(), settings });
    const pushed: LoopwatchNotification[] = [];
    core.backend.subscribe('notification', (n) => pushed.push(n));
    supervisor.change([sampleSession({ id: 'a', status: 'crashed' })], [crash('a')]);
    await vi.advanceTimersByTimeAsync(COALESCE_WINDOW_MS);
    expect(pushed.map((n) => n.title)).toEqual(['a crashed']);
  });

  it('keeps quiet about the session whose terminal a page reports focused, while a window is focused', async () => {
    vi.useFakeTimers();
    let windowFocused = true;
    core = createAppCore({
      supervisor: supervisor.asSupervisor(),
      settings,
      deliver: (n) => delivered.push(n),
      windowFocused: () => windowFocused,
    });
    await core.backend.dispatch('reportFocus', { sessionId: 'a' });
    expect(core.focusedSession()).toBe('a');
    supervisor.change([], [crash('a')]);
    await vi.advanceTimersByTimeAsync(COALESCE_WINDOW_MS);
    expect(delivered).toEqual([]);
    // The window lost focus: the user is not looking any more.
    windowFocused = false;
    expect(core.focusedSession()).toBeNull();
    supervisor.change([], [{ ...crash('a'), to: 'waiting' }]);
    await vi.advanceTimersByTimeAsync(COALESCE_WINDOW_MS);
    expect(delivered.map((n) => n.title)).toEqual(['a needs you']);
    await core.backend.dispatch('reportFocus', { sessionId: null });
    expect(core.focusedSession()).toBeNull();
  });

  it('serves the settings, validates patches, announces changes and applies watch targets', async () => {
    core = createAppCore({ supervisor: supervisor.asSupervisor(), settings });
    expect(supervisor.setWatchTargets).toHaveBeenCalledWith({ sockets: [], projectRoots: [] });
    const announced: SettingsState[] = [];
    core.backend.subscribe('settingsChanged', (state) => announced.push(state));
    await expect(core.backend.dispatch('getSettings', undefined)).resolves.toEqual(
      settings.state(),
    );
    await expect(core.backend.dispatch('updateSettings', { theme: 'neon' })).rejects.toThrow(
      /invalid updateSettings request: theme/,
    );
    const state = (await core.backend.dispatch('updateSettings', {
      extraSockets: ['/run/agents.sock'],
    })) as SettingsState;
    expect(state.settings.extraSockets).toEqual(['/run/agents.sock']);
    expect(announced).toEqual([state]);
    expect(supervisor.setWatchTargets).toHaveBeenLastCalledWith({
      sockets: ['/run/agents.sock'],
      projectRoots: [],
    });
    // A change that does not touch the targets does not re-apply them.
    await core.backend.dispatch('updateSettings', { sound: false });
    expect(supervisor.setWatchTargets).toHaveBeenCalledTimes(2);
  });

  it('refuses start at login where the process cannot do it, and asks the shell where it can', async () => {
    core = createAppCore({ supervisor: supervisor.asSupervisor(), settings });
    await expect(core.backend.dispatch('updateSettings', { startAtLogin: true })).rejects.toThrow(
      /desktop app/,
    );
    expect(settings.get().startAtLogin).toBe(false);
    core.dispose();
    const setStartAtLogin = vi.fn();
    core = createAppCore({ supervisor: supervisor.asSupervisor(), settings, setStartAtLogin });
    await core.backend.dispatch('updateSettings', { startAtLogin: true });
    expect(setStartAtLogin).toHaveBeenCalledWith(true);
    expect(settings.get().startAtLogin).toBe(true);
    // Unchanged: not asked again.
    await core.backend.dispatch('updateSettings', { startAtLogin: true });
    expect(setStartAtLogin).toHaveBeenCalledTimes(1);
  });

  it('pauses notifications for an hour or until tomorrow morning, and resumes', async () => {
    vi.useFakeTimers({ now: new Date(2026, 10, 21, 14, 5), toFake: ['Date'] });
    core = createAppCore({ supervisor: supervisor.asSupervisor(), settings });
    const pause = (choice: 'oneHour' | 'tomorrowMorning' | null) =>
      core.backend.dispatch('pauseNotifications', { choice }) as Promise<SettingsState>;
    expect((await pause('oneHour')).settings.pausedUntil).toBe(
      new Date(2026, 10, 21, 15, 5).toISOString(),
    );
    expect((await pause('tomorrowMorning')).settings.pausedUntil).toBe(
      new Date(2026, 10, 22, 8, 0).toISOString(),
    );
    expect((await pause(null)).settings.pausedUntil).toBeNull();
    await expect(
      core.backend.dispatch('pauseNotifications', { choice: 'forever' }),
    ).rejects.toThrow(/choice/);
  });

  it('stops listening when disposed', async () => {
    vi.useFakeTimers();
    core = createAppCore({
      supervisor: supervisor.asSupervisor(),
      settings,
      deliver: (n) => delivered.push(n),
    });
    core.dispose();
    supervisor.change([], [crash('a')]);
    await vi.advanceTimersByTimeAsync(COALESCE_WINDOW_MS);
    expect(delivered).toEqual([]);
    expect(supervisor.listenerCount('transition')).toBe(0);
    expect(supervisor.listenerCount('delta')).toBe(0);
  });
});

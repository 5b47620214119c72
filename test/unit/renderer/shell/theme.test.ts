// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SettingsState } from '../../../../preload/contract';
import type { SettingsClientState } from '../../../../renderer/src/settings/settingsClient';
import { bindTheme } from '../../../../renderer/src/settings/theme';

describe('theme', () => {
  it('sets data-theme for light and dark, and removes it to follow the OS', () => {
    const listeners = new Set<() => void>();
    let state: SettingsClientState = { value: null, error: null };
    const client = {
      getState: () => state,
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
    };
    const set = (theme: SettingsState['settings']['theme']): void => {
      state = {
        value: {
          settings: { ...DEFAULT_SETTINGS, theme },
          notice: null,
          file: '/x/settings.json',
          startAtLoginSupported: false,
        },
        error: null,
      };
      for (const listener of listeners) listener();
    };
    const root = document.createElement('html');
    const unbind = bindTheme(client, root);
    expect(root.dataset.theme).toBeUndefined();
    set('dark');
    expect(root.dataset.theme).toBe('dark');
    set('light');
    expect(root.dataset.theme).toBe('light');
    set('system');
    expect(root.dataset.theme).toBeUndefined();
    unbind();
    expect(listeners.size).toBe(0);
  });
});

/**
 * Apply the theme setting to the page: `data-theme` on the root element
 * (styles.css turns it into `color-scheme`); "system" follows the OS.
 */
import type { Settings } from '../../../preload/contract';
import type { SettingsClient } from './settingsClient';

export function applyTheme(theme: Settings['theme'], root: HTMLElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** Follow the settings' theme; returns the unsubscribe. */
export function bindTheme(
  settings: Pick<SettingsClient, 'getState' | 'subscribe'>,
  root: HTMLElement = document.documentElement,
): () => void {
  const update = (): void =>
    applyTheme(settings.getState().value?.settings.theme ?? 'system', root);
  update();
  return settings.subscribe(update);
}

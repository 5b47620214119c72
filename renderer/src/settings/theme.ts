import { useEffect } from 'react';
import type { Settings } from '../../../preload/contract';

/**
 * Apply the theme setting to the page: `data-theme` on the root element
 * (styles.css turns it into `color-scheme`); "system" follows the OS.
 */
export function useTheme(theme: Settings['theme']): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

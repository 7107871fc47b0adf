/**
 * The remembered colour theme (localStorage), defaulting to the system preference.
 */
import type { Theme } from './store/types.ts';

const KEY = 'formwork.theme';

/** The theme to start with. */
export function loadTheme(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage blocked
  }
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/** Applies a theme to the page and remembers it. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // storage blocked: the theme still applies for this visit
  }
}

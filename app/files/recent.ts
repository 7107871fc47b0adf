/**
 * The tab's autosave, for commands that reopen a recent document under its own id (see
 * autosave.ts). Set once by the entry point; absent in component tests.
 */
import type { Autosave } from './autosave.ts';

let active: Autosave | null = null;

/** Registers the tab's autosave. */
export function setActiveAutosave(autosave: Autosave | null): void {
  active = autosave;
}

/** The tab's autosave, if one is running. */
export const activeAutosave = (): Autosave | null => active;

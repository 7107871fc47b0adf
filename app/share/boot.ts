/**
 * Start-up with a share link: when the page opens on `#g=…`, the shared graph is shown read-only
 * instead of the autosaved one, and autosave waits until the user keeps a copy, so opening a link
 * never overwrites the user's own autosaved work.
 */
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { documentFromShareFragment } from '../../engine/share/share-link.ts';
import type { EditorStore } from '../store/types.ts';

/** What the address bar's fragment asks for at start-up. */
export type BootShare = { readonly kind: 'none' } | { readonly kind: 'shared'; readonly doc: GraphDocument } | { readonly kind: 'damaged'; readonly diagnostics: readonly Diagnostic[] };

/** Reads the start-up fragment. */
export function bootShare(fragment: string): BootShare {
  const shared = documentFromShareFragment(fragment);
  if (!shared) return { kind: 'none' };
  return shared.ok ? { kind: 'shared', doc: shared.value } : { kind: 'damaged', diagnostics: shared.diagnostics };
}

/**
 * Runs `start` (which starts autosave and returns its stop) whenever the document is editable, and
 * stops it while a shared graph is shown read-only. Returns a function that stops everything.
 */
export function autosaveWhileEditable(store: EditorStore, start: () => () => void): () => void {
  let stop: (() => void) | null = store.getState().readOnly ? null : start();
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.readOnly === previous.readOnly) return;
    if (state.readOnly && stop) (stop(), (stop = null));
    else if (!state.readOnly && !stop) stop = start();
  });
  return () => (unsubscribe(), stop?.());
}

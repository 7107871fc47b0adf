/**
 * Wires the shortcut table and the clipboard events to the commands. Keys typed into inputs are
 * left alone (except Escape). Copy/cut/paste use the browser's clipboard events, which reach the
 * system clipboard without a permission prompt — so nodes paste between tabs.
 */
import { useEffect } from 'react';
import type { Commands } from '../commands.ts';
import type { EditorStore } from '../store/types.ts';
import { shortcutFor } from './shortcuts.ts';

const CLIPBOARD_TYPE = 'text/plain';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Installs the global keyboard and clipboard handlers for as long as the component lives. */
export function useShortcuts(commands: Commands, store: EditorStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const editing = isEditable(e.target);
      if (editing && e.key !== 'Escape') return;
      if (e.key === 'Enter' && e.target instanceof HTMLElement && ['BUTTON', 'A'].includes(e.target.tagName)) return;
      const overlay = store.getState().ui.overlay;
      if (overlay && e.key !== 'Escape') return; // dialogs handle their own keys
      if (store.getState().ui.quickAdd && e.key !== 'Escape') return;
      const shortcut = shortcutFor(e);
      if (!shortcut?.run) return;
      e.preventDefault();
      shortcut.run(commands);
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isEditable(e.target) || store.getState().ui.overlay) return;
      const text = commands.copyText();
      if (text === null || !e.clipboardData) return;
      e.clipboardData.setData(CLIPBOARD_TYPE, text);
      e.preventDefault();
      store.getState().toast(`Copied ${store.getState().ui.selection.nodes.length} node(s)`);
    };
    const onCut = (e: ClipboardEvent) => {
      if (isEditable(e.target) || store.getState().ui.overlay) return;
      const text = commands.copyText();
      if (text === null || !e.clipboardData) return;
      e.clipboardData.setData(CLIPBOARD_TYPE, text);
      e.preventDefault();
      store.getState().deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(e.target) || store.getState().ui.overlay) return;
      e.preventDefault();
      commands.pasteText(e.clipboardData?.getData(CLIPBOARD_TYPE) ?? '');
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [commands, store]);
}

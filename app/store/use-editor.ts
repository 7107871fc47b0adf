/**
 * React access to the editor store: a context holding the store, and `useEditor(selector)`.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { EditorState, EditorStore } from './types.ts';

/** Provides the editor store to components. */
export const EditorContext = createContext<EditorStore | null>(null);

/** The editor store of the surrounding `EditorContext`. */
export function useEditorStore(): EditorStore {
  const store = useContext(EditorContext);
  if (!store) throw new Error('useEditorStore: no EditorContext above this component');
  return store;
}

/** Subscribes to a slice of the editor state. The selector must return stable references. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}

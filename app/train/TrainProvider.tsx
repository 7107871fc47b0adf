/**
 * Creates the train store and its controller for the editor (the worker starts on the first Train)
 * and provides both to the Train panel and the toolbar. Must sit inside the editor store's context.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useEditorStore } from '../store/use-editor.ts';
import { createTrainController, type TrainController } from './train-controller.ts';
import { createTrainStore, type TrainState, type TrainStore } from './train-store.ts';

const StoreContext = createContext<TrainStore | null>(null);
const ControllerContext = createContext<TrainController | null>(null);
const fallback = createTrainStore();

let active: { store: TrainStore; controller: TrainController } | null = null;

/** Opens or closes the Train panel of the mounted editor (for the toolbar and the keyboard shortcut). */
export function toggleTrainPanel(): void {
  if (active) active.store.setState({ open: !active.store.getState().open });
}

/** Subscribes to the train store (an inert one outside a provider). */
export function useTrain<T>(selector: (s: TrainState) => T): T {
  return useStore(useContext(StoreContext) ?? fallback, selector);
}

/** The train controller, once created (null before, and without a provider). */
export const useTrainController = (): TrainController | null => useContext(ControllerContext);

const makeWorker = () => new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'formwork-train' });

export function TrainProvider({ children }: { children: ReactNode }) {
  const editor = useEditorStore();
  const store = useMemo(() => createTrainStore(), []);
  const [controller, setController] = useState<TrainController | null>(null);
  useEffect(() => {
    const c = createTrainController(editor, store, makeWorker);
    const entry = { store, controller: c };
    active = entry;
    setController(c);
    return () => {
      c.dispose();
      if (active === entry) active = null;
    };
  }, [editor, store]);
  return (
    <StoreContext.Provider value={store}>
      <ControllerContext.Provider value={controller}>{children}</ControllerContext.Provider>
    </StoreContext.Provider>
  );
}

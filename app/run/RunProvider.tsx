/**
 * Creates the run store and its controller (with the run worker) for the editor, and provides both
 * to the run panel and the canvas. Must sit inside the editor store's context.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useEditorStore } from '../store/use-editor.ts';
import { createRunController, type RunController } from './run-controller.ts';
import { createRunStore, RunContext } from './run-store.ts';

const ControllerContext = createContext<RunController | null>(null);

/** The run controller, once the worker has started (null before, and without a provider). */
export const useRunController = (): RunController | null => useContext(ControllerContext);

const makeWorker = () => new Worker(new URL('./run.worker.ts', import.meta.url), { type: 'module', name: 'formwork-run' });

export function RunProvider({ children }: { children: ReactNode }) {
  const editor = useEditorStore();
  const store = useMemo(() => createRunStore(), []);
  const [controller, setController] = useState<RunController | null>(null);
  useEffect(() => {
    const c = createRunController(editor, store, makeWorker);
    setController(c);
    return () => c.dispose();
  }, [editor, store]);
  return (
    <RunContext.Provider value={store}>
      <ControllerContext.Provider value={controller}>{children}</ControllerContext.Provider>
    </RunContext.Provider>
  );
}

/**
 * The editor shell: toolbar, palette, canvas, inspector and problems, status bar, overlays.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { Canvas } from './canvas/Canvas.tsx';
import { createCommands } from './commands.ts';
import { CommandsContext, useCommands } from './commands-context.ts';
import { Inspector } from './components/Inspector.tsx';
import { Overlays } from './components/Overlays.tsx';
import { Palette } from './components/Palette.tsx';
import { ProblemsPanel } from './components/ProblemsPanel.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { Toasts } from './components/Toasts.tsx';
import { Toolbar } from './components/Toolbar.tsx';
import { useShortcuts } from './keyboard/use-shortcuts.ts';
import { RunPanel } from './run/RunPanel.tsx';
import { RunProvider } from './run/RunProvider.tsx';
import { bindOnnxActions, createOnnxActions } from './onnx/onnx-actions.ts';
import { OnnxPanel } from './onnx/OnnxPanel.tsx';
import { TourBar } from './tour/TourBar.tsx';
import { ShareLayer } from './share/ShareLayer.tsx';
import { TrainPanel } from './train/TrainPanel.tsx';
import { TrainProvider } from './train/TrainProvider.tsx';
import { EditorContext, useEditor, useEditorStore } from './store/use-editor.ts';
import type { EditorStore } from './store/types.ts';
import { applyTheme } from './theme.ts';

/** The whole editor over a store. */
export function App({ store }: { store: EditorStore }) {
  const commands = useMemo(() => createCommands(store), [store]);
  // Export ONNX / Compare; also routes `.onnx` files opened through `commands.openFile`.
  const onnx = useMemo(() => createOnnxActions(store, commands), [store, commands]);
  useEffect(() => bindOnnxActions(onnx), [onnx]);
  return (
    <EditorContext.Provider value={store}>
      <CommandsContext.Provider value={commands}>
        <ReactFlowProvider>
          <RunProvider>
            <TrainProvider>
              <Shell />
            </TrainProvider>
          </RunProvider>
        </ReactFlowProvider>
      </CommandsContext.Provider>
    </EditorContext.Provider>
  );
}

function Shell() {
  const store = useEditorStore();
  const commands = useCommands();
  const theme = useEditor((s) => s.ui.theme);
  const fileInput = useRef<HTMLInputElement>(null);
  useShortcuts(commands, store);
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    commands.attachFilePicker(() => fileInput.current?.click());
    return () => commands.attachFilePicker(null);
  }, [commands]);

  return (
    <div className="fw-app">
      <Toolbar />
      <ShareLayer />
      <main className="fw-main">
        <Palette />
        <Canvas />
        <aside className="fw-side" aria-label="Inspector and problems">
          <Inspector />
          <ProblemsPanel />
        </aside>
      </main>
      <RunPanel />
      <StatusBar />
      <TourBar />
      <OnnxPanel />
      <TrainPanel />
      <Overlays />
      <Toasts />
      <input
        ref={fileInput}
        type="file"
        accept=".json,.formwork.json,application/json,.onnx,.png,.svg"
        aria-label="Open graph file"
        data-testid="file-input"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void commands.openFile(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}

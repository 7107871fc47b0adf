/**
 * Entry point: restores the autosaved graph (or opens the default example), creates the store with
 * a worker-backed analyzer, starts autosave and renders the editor.
 */
import './strict-csp.ts';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/shell.css';
import './styles/canvas.css';
import './styles/panels.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { standardCatalogue } from '../graph-schema/blocks/index.ts';
import { workerAnalyzer } from './analysis/worker-analyzer.ts';
import { App } from './App.tsx';
import { loadSnapshot, startAutosave } from './files/autosave.ts';
import { defaultDocument } from './files/templates.ts';
import { createEditorStore } from './store/editor-store.ts';
import { loadTheme } from './theme.ts';

async function boot(): Promise<void> {
  const catalogue = standardCatalogue();
  const snapshot = await loadSnapshot().catch(() => null);
  const store = createEditorStore(catalogue, snapshot?.doc ?? defaultDocument(), {
    analyzer: workerAnalyzer(),
    ui: { theme: loadTheme(), openPath: snapshot?.openPath ?? [] },
    saved: snapshot ? !snapshot.dirty : true,
  });
  startAutosave(store, (at) => document.documentElement.setAttribute('data-autosaved', String(at)));
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
}

void boot();

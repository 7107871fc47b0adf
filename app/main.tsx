/**
 * Entry point: restores the autosaved graph (or opens the default example), creates the store with
 * a worker-backed analyzer, starts autosave and renders the editor.
 */
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
import { autosaveWhileEditable, bootShare } from './share/boot.ts';
import { shareUi } from './share/share-actions.ts';

async function boot(): Promise<void> {
  const catalogue = standardCatalogue();
  const snapshot = await loadSnapshot().catch(() => null);
  const share = bootShare(location.hash); // a `#g=…` share link opens read-only, before the autosaved graph
  const shared = share.kind === 'shared' ? share.doc : null;
  const store = createEditorStore(catalogue, shared ?? snapshot?.doc ?? defaultDocument(), {
    analyzer: workerAnalyzer(),
    ui: { theme: loadTheme(), openPath: shared ? [] : (snapshot?.openPath ?? []) },
    saved: shared || !snapshot ? true : !snapshot.dirty,
  });
  if (shared) {
    store.getState().setReadOnly(true);
    shareUi.setState({ unsavedWork: snapshot?.dirty ? (snapshot.doc.meta?.title ?? 'Untitled') : null });
  }
  if (share.kind === 'damaged') store.getState().setOverlay({ kind: 'open-error', fileName: 'share link', diagnostics: share.diagnostics });
  autosaveWhileEditable(store, () => startAutosave(store, (at) => document.documentElement.setAttribute('data-autosaved', String(at))));
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
}

void boot();

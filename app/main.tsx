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
import { discardRecord, loadSnapshot, restoredHistory, startAutosave } from './files/autosave.ts';
import { setActiveAutosave } from './files/recent.ts';
import { defaultDocument } from './files/templates.ts';
import { createEditorStore } from './store/editor-store.ts';
import { loadTheme } from './theme.ts';

async function boot(): Promise<void> {
  const catalogue = standardCatalogue();
  const { snapshot, bad } = await loadSnapshot().catch(() => ({ snapshot: null, bad: null }));
  const store = createEditorStore(catalogue, snapshot?.doc ?? defaultDocument(), {
    analyzer: workerAnalyzer(),
    ui: { theme: loadTheme(), openPath: snapshot?.openPath ?? [] },
    saved: snapshot ? !snapshot.dirty : true,
  });
  if (snapshot) store.setState({ history: restoredHistory(snapshot) });
  // A damaged autosave is never loaded nor overwritten (this tab saves under a new id): offer to discard it.
  setActiveAutosave(startAutosave(store, snapshot, (at) => document.documentElement.setAttribute('data-autosaved', String(at))));
  if (bad)
    store.getState().setOverlay({
      kind: 'confirm',
      title: 'The autosaved graph could not be restored',
      message: `${bad.diagnostics[0]?.code ?? 'FW005'}: ${bad.diagnostics[0]?.message ?? 'unreadable'}. The editor started on the example instead; the damaged copy is kept until you discard it.`,
      confirmLabel: 'Discard the damaged autosave',
      onConfirm: () => void discardRecord(bad.id),
    });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
}

void boot();

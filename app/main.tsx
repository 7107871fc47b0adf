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
import { autosaveWhileEditable, bootShare } from './share/boot.ts';
import { shareUi } from './share/share-actions.ts';

async function boot(): Promise<void> {
  const catalogue = standardCatalogue();
  const { snapshot, bad } = await loadSnapshot().catch(() => ({ snapshot: null, bad: null }));
  const share = bootShare(location.hash); // a `#g=…` share link opens read-only, before the autosaved graph
  const shared = share.kind === 'shared' ? share.doc : null;
  const store = createEditorStore(catalogue, shared ?? snapshot?.doc ?? defaultDocument(), {
    analyzer: workerAnalyzer(),
    ui: { theme: loadTheme(), openPath: shared ? [] : (snapshot?.openPath ?? []) },
    saved: shared || !snapshot ? true : !snapshot.dirty,
  });
  if (snapshot && !shared) store.setState({ history: restoredHistory(snapshot) });
  if (shared) {
    store.getState().setReadOnly(true);
    shareUi.setState({ unsavedWork: snapshot?.dirty ? (snapshot.doc.meta?.title ?? 'Untitled') : null });
  }
  if (share.kind === 'damaged') store.getState().setOverlay({ kind: 'open-error', fileName: 'share link', diagnostics: share.diagnostics });
  // Autosave runs while the graph is editable (a shared graph is read-only until kept); a kept copy saves under a new id.
  autosaveWhileEditable(store, () => {
    const autosave = startAutosave(store, shared ? null : snapshot, (at) => document.documentElement.setAttribute('data-autosaved', String(at)));
    setActiveAutosave(autosave);
    return () => autosave.stop();
  });
  // A damaged autosave is never loaded nor overwritten (this tab saves under a new id): offer to discard it.
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

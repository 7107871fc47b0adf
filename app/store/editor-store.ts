/**
 * `createEditorStore(catalogue, doc)`: the editor's vanilla zustand store. React components read it
 * with `useEditor`; tests drive it directly. The analyzer is told about every new document and its
 * summaries land in the `analysis` slice.
 */
import { createStore } from 'zustand/vanilla';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { syncAnalyzer, type Analyzer } from '../analysis/analyzer.ts';
import { graphActions } from './graph-actions.ts';
import { graphSlice } from './graph-slice.ts';
import { validOpenPath } from './scope.ts';
import type { EditorState, EditorStore, UiState } from './types.ts';
import { initialUi, uiSlice } from './ui-slice.ts';

/** Options of `createEditorStore`. */
export interface EditorStoreOptions {
  /** Where analyses come from (default: synchronous, on this thread). */
  readonly analyzer?: Analyzer;
  /** Initial UI state (theme, open subgraph path). */
  readonly ui?: Partial<Pick<UiState, 'theme' | 'openPath'>>;
  /** Whether `doc` counts as saved (false after restoring unsaved work). */
  readonly saved?: boolean;
}

/** Creates an editor store over a catalogue and a starting document. */
export function createEditorStore(catalogue: Catalogue, doc: GraphDocument, options: EditorStoreOptions = {}): EditorStore & { dispose(): void } {
  const analyzer = options.analyzer ?? syncAnalyzer(catalogue);
  const store = createStore<EditorState>()((set, get, api) => ({
    ...graphSlice(catalogue, doc)(set, get, api),
    ...graphActions()(set, get, api),
    ...uiSlice(initialUi(options.ui?.theme, validOpenPath(doc, options.ui?.openPath ?? [])))(set, get, api),
    analysis: null,
    analysisDoc: null,
  }));
  if (options.saved === false) store.setState({ savedDoc: null });
  const analyze = (d: GraphDocument) =>
    analyzer.request(d, (summary, analysed) => store.setState({ analysis: summary, analysisDoc: analysed }));
  analyze(doc);
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.doc !== previous.doc) analyze(state.doc);
  });
  return {
    ...store,
    dispose() {
      unsubscribe();
      analyzer.dispose();
    },
  };
}

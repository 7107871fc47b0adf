/**
 * The graph slice: the document, its undo history and its saved state.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { migrateBlocks } from '../../graph-schema/migrate-blocks.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import * as history from './history.ts';
import { currentScope, settleUi, validOpenPath } from './scope.ts';
import type { EditorState, GraphSlice } from './types.ts';

/** Creates the graph slice over an initial document. */
export function graphSlice(catalogue: Catalogue, initial: GraphDocument): StateCreator<EditorState, [], [], GraphSlice> {
  const start = migrateBlocks(initial, catalogue).doc;
  return (set, get) => ({
    catalogue,
    doc: start,
    history: history.emptyHistory,
    savedDoc: start,

    edit(change, options = {}) {
      const state = get();
      const next = change(state.doc, currentScope(state.ui));
      if (next === state.doc) return false;
      set({
        doc: next,
        history: history.record(state.history, state.doc, options.key, Date.now()),
        ui: settleUi(state.ui, next),
      });
      return true;
    },

    undo() {
      const state = get();
      const step = history.undo(state.history, state.doc);
      if (step) set({ doc: step.doc, history: step.history, ui: settleUi(state.ui, step.doc) });
    },

    redo() {
      const state = get();
      const step = history.redo(state.history, state.doc);
      if (step) set({ doc: step.doc, history: step.history, ui: settleUi(state.ui, step.doc) });
    },

    beginGesture() {
      set({ history: history.beginGesture(get().history, get().doc) });
    },

    endGesture() {
      set({ history: history.endGesture(get().history, get().doc) });
    },

    replaceDocument(opened, options = {}) {
      const doc = migrateBlocks(opened, catalogue).doc; // the inspector shows (and saving writes) current params
      const ui = get().ui;
      set({
        doc,
        history: history.emptyHistory,
        savedDoc: options.saved === false ? null : doc,
        ui: {
          ...ui,
          openPath: validOpenPath(doc, options.openPath ?? []),
          selection: { nodes: [], edges: [] },
          quickAdd: null,
          fitRequest: ui.fitRequest + 1,
        },
      });
    },

    markSaved() {
      set({ savedDoc: get().doc });
    },
  });
}

/**
 * The UI slice: selection, open subgraph path, overlays, toasts, theme. Never saved in the document.
 */
import type { StateCreator } from 'zustand/vanilla';
import { edgeKey, getBody } from '../../graph-schema/edits.ts';
import { currentScope, validOpenPath } from './scope.ts';
import type { EditorState, Theme, UiActions, UiState } from './types.ts';

let toastIds = 1;
const TOAST_MS = 3800;

/** The UI state a fresh editor starts with. */
export function initialUi(theme: Theme = 'dark', openPath: readonly string[] = []): UiState {
  return {
    openPath,
    selection: { nodes: [], edges: [] },
    theme,
    overlay: null,
    quickAdd: null,
    toasts: [],
    measured: {},
    busy: null,
    focus: null,
    renameRequest: 0,
    fitRequest: 0,
    marks: {},
  };
}

/** Creates the UI slice. */
export function uiSlice(initial: UiState): StateCreator<EditorState, [], [], UiActions> {
  return (set, get) => {
    const patch = (p: Partial<UiState>) => set({ ui: { ...get().ui, ...p } });
    return {
      ui: initial,
      setSelection: (selection) => patch({ selection }),
      selectAll() {
        const body = getBody(get().doc, currentScope(get().ui));
        patch({ selection: { nodes: body.nodes.map((n) => n.id), edges: body.edges.map(edgeKey) } });
      },
      openSubgraph(name) {
        const { doc, ui } = get();
        if (doc.subgraphs?.[name] === undefined) return;
        patch({ openPath: [...ui.openPath, name], selection: { nodes: [], edges: [] }, quickAdd: null, fitRequest: ui.fitRequest + 1 });
      },
      closeTo(depth) {
        const ui = get().ui;
        if (depth >= ui.openPath.length) return;
        const leaving = ui.openPath[depth];
        // Select the instance we came out of, so the user sees where they were.
        const parentScope = depth === 0 ? null : ui.openPath[depth - 1]!;
        const instance = getBody(get().doc, parentScope).nodes.find((n) => n.subgraph === leaving);
        patch({
          openPath: ui.openPath.slice(0, depth),
          selection: { nodes: instance ? [instance.id] : [], edges: [] },
          quickAdd: null,
          fitRequest: ui.fitRequest + 1,
        });
      },
      reveal(scope, node) {
        const { doc, ui } = get();
        const openPath = scope === null ? [] : pathTo(doc, scope);
        const same = openPath.length === ui.openPath.length && openPath.every((s, i) => s === ui.openPath[i]);
        patch({
          openPath: same ? ui.openPath : validOpenPath(doc, openPath),
          selection: { nodes: [node], edges: [] },
          focus: { node, nonce: (ui.focus?.nonce ?? 0) + 1 },
        });
      },
      setTheme: (theme) => patch({ theme }),
      setOverlay: (overlay) => patch({ overlay }),
      setQuickAdd: (quickAdd) => patch({ quickAdd }),
      toast(text, tone = 'info', at) {
        const id = toastIds++;
        patch({ toasts: [...get().ui.toasts.slice(-3), { id, text, tone, ...(at ? { at } : {}) }] });
        setTimeout(() => get().dismissToast(id), TOAST_MS);
      },
      dismissToast(id) {
        const toasts = get().ui.toasts;
        if (toasts.some((t) => t.id === id)) patch({ toasts: toasts.filter((t) => t.id !== id) });
      },
      setMeasured: (sizes) => patch({ measured: { ...get().ui.measured, ...sizes } }),
      setBusy: (busy) => patch({ busy }),
      requestRename: () => patch({ renameRequest: get().ui.renameRequest + 1 }),
      requestFit: () => patch({ fitRequest: get().ui.fitRequest + 1 }),
      setMarks: (marks) => patch({ marks }),
    };
  };
}

/** Subgraph names to open to show `scope` (through the first instance chain found). */
function pathTo(doc: EditorState['doc'], scope: string): string[] {
  const path = [scope];
  const seen = new Set(path);
  for (;;) {
    const inner = path[0]!;
    if (doc.nodes.some((n) => n.subgraph === inner)) return path;
    const parent = Object.entries(doc.subgraphs ?? {}).find(([, sg]) => sg.nodes.some((n) => n.subgraph === inner))?.[0];
    if (parent === undefined || seen.has(parent)) return path;
    seen.add(parent);
    path.unshift(parent);
  }
}

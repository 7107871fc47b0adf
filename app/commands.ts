/**
 * Commands: everything a toolbar button, menu or keyboard shortcut can do, in one place. They act
 * on the store, and on the React Flow instance for viewport commands (attached by the canvas).
 */
import { own } from '../graph-schema/own.ts';
import { documentTokenizer } from '../graph-schema/param-roles.ts';
import type { ReactFlowInstance } from '@xyflow/react';
import { emptyDocument, type GraphDocument } from '../graph-schema/document.ts';
import { copyFragment, getBody, getPositions, parseFragment, serializeFragment, type Point, type Scope } from '../graph-schema/edits.ts';
import type { Diagnostic } from '../graph-schema/diagnostics.ts';
import { parseDocument } from '../graph-schema/parse.ts';
import { fitGraph } from '../engine/fit/to-graph.ts';
import { measureKey, type FlowEdge, type FlowNode } from './canvas/flow-model.ts';
import { readRecent, restoredHistory } from './files/autosave.ts';
import { downloadDocument, titleFromFileName } from './files/file-io.ts';
import { activeAutosave } from './files/recent.ts';
import type { Template } from './files/templates.ts';
import { estimateSize, type BoxSize, type LayoutRole } from './layout/layered-layout.ts';
import { hasUnplacedNodes, quickLayout } from './layout/quick-layout.ts';
import { currentScope } from './store/scope.ts';
import { toggleTrainPanel } from './train/TrainProvider.tsx';
import type { EditorStore } from './store/types.ts';

/** The React Flow instance of the canvas. */
export type Flow = ReactFlowInstance<FlowNode, FlowEdge>;

/** Creates the command set for a store. */
export function createCommands(store: EditorStore) {
  let flow: Flow | null = null;
  let pointer: Point | null = null;
  let pickFile: (() => void) | null = null;
  let inMemoryClipboard = '';
  const s = () => store.getState();
  const scope = () => currentScope(s().ui);

  /** Runs `action` now, or after the user agrees to drop unsaved changes. */
  const whenSafeToDiscard = (action: () => void, what: string) => {
    if (s().doc === s().savedDoc) return action();
    s().setOverlay({
      kind: 'confirm',
      title: 'Discard unsaved changes?',
      message: `“${s().doc.meta?.title ?? 'Untitled'}” has changes that are not saved to a file. ${what} anyway?`,
      confirmLabel: 'Discard changes',
      onConfirm: action,
    });
  };

  const centre = (): Point => {
    const el = document.querySelector('.react-flow');
    if (!flow || !el) return { x: 0, y: 0 };
    const r = el.getBoundingClientRect();
    return flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  };

  /** Each node's drawn size, or an estimate from its block when it has not been drawn. */
  const sizer = (doc: GraphDocument, target: Scope) => {
    const measured = s().ui.measured;
    const blocks = new Map(getBody(doc, target).nodes.map((n) => [n.id, n.block !== undefined ? s().catalogue.get(n.block) : undefined]));
    return (id: string): BoxSize => {
      const m = own(measured, measureKey(target, id));
      if (m) return m;
      const block = blocks.get(id);
      return estimateSize(block?.inputs.length ?? 1, block?.outputs.length ?? 1, Object.keys(block?.params ?? {}).length);
    };
  };
  /** Graph inputs go first and outputs last when nothing else orders them. */
  const roles = (doc: GraphDocument, target: Scope) => {
    const blocks = new Map(getBody(doc, target).nodes.map((n) => [n.id, n.block !== undefined ? s().catalogue.get(n.block) : undefined]));
    return (id: string): LayoutRole => {
      const role = blocks.get(id)?.role;
      return role === 'input' || role === 'subgraph-input' ? 'input' : role === 'output' || role === 'subgraph-output' ? 'output' : 'other';
    };
  };

  const commands = {
    attachFlow(instance: Flow | null) {
      flow = instance;
    },
    attachFilePicker(open: (() => void) | null) {
      pickFile = open;
    },
    /** The canvas reports the pointer (flow coordinates) for paste-at-pointer. */
    setPointer(p: Point | null) {
      pointer = p;
    },
    viewportCentre: centre,

    newDocument() {
      whenSafeToDiscard(() => s().replaceDocument(emptyDocument('Untitled')), 'Start a new graph');
    },
    openFilePicker() {
      pickFile?.();
    },
    async openFile(file: File) {
      performance.mark('formwork:open-file'); // for benchmarks: when the user's choice reached the editor
      commands.openText(await file.text(), file.name);
    },
    /** Opens graph file text; a bad file shows its diagnostics and leaves the current graph alone. */
    openText(text: string, fileName: string) {
      const parsed = parseDocument(text);
      if (!parsed.ok) {
        s().setOverlay({ kind: 'open-error', fileName, diagnostics: parsed.diagnostics });
        return;
      }
      const doc = parsed.value.meta?.title ? parsed.value : { ...parsed.value, meta: { ...parsed.value.meta, title: titleFromFileName(fileName) } };
      whenSafeToDiscard(() => commands.load(doc), `Open “${fileName}”`);
    },
    openTemplate(template: Template) {
      if (!template.doc) return;
      const doc = template.doc;
      s().setOverlay(null); // close the gallery first: the unsaved-changes question may need the overlay
      whenSafeToDiscard(() => commands.load(doc), `Open the “${template.title}” template`);
    },
    /** Shows a document; lays it out first if it has no positions. */
    load(doc: GraphDocument) {
      const unplaced = hasUnplacedNodes(doc, getPositions(doc, null));
      const placed = unplaced ? { ...doc, layout: { ...doc.layout, nodes: { ...quickLayout(doc, sizer(doc, null), roles(doc, null)), ...doc.layout?.nodes } } } : doc;
      s().replaceDocument(placed);
    },
    save() {
      const name = downloadDocument(s().doc);
      s().markSaved();
      s().toast(`Saved ${name}`);
    },
    saveAs(title: string) {
      if (title.trim()) s().setTitle(title.trim());
      commands.save();
    },

    undo: () => s().undo(),
    redo: () => s().redo(),

    copyText(): string | null {
      const ids = s().ui.selection.nodes;
      if (ids.length === 0) return null;
      const text = serializeFragment(copyFragment(s().doc, scope(), ids));
      inMemoryClipboard = text;
      return text;
    },
    /** Copy through the async clipboard API (toolbar); keyboard copy uses the copy event. */
    async copy() {
      const text = commands.copyText();
      if (text === null) return;
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        // Permission denied: the in-memory copy still pastes within this tab.
      }
      s().toast(`Copied ${s().ui.selection.nodes.length} node(s)`);
    },
    cut() {
      if (commands.copyText() !== null) s().deleteSelection();
    },
    pasteText(text: string) {
      const parsed = parseFragment(text.trim() || inMemoryClipboard);
      if (!parsed.ok) {
        const asDocument = parseDocument(text);
        if (asDocument.ok) return commands.openText(text, 'pasted graph');
        s().toast(`Nothing to paste: ${parsed.diagnostics[0]?.message ?? 'not Formwork nodes'}`, 'error');
        return;
      }
      s().paste(parsed.value, pointer ?? centre());
    },
    async paste() {
      let text = inMemoryClipboard;
      try {
        text = (await navigator.clipboard.readText()) || inMemoryClipboard;
      } catch {
        // No permission: fall back to what this tab copied.
      }
      commands.pasteText(text);
    },
    duplicate: () => s().duplicateSelection(),
    deleteSelection: () => s().deleteSelection(),
    selectAll: () => s().selectAll(),
    group() {
      const r = s().groupSelection();
      if (!r.ok) s().toast(r.reason, 'error');
      else s().toast('Grouped into a subgraph — double-click it to open');
    },
    openSelected() {
      const [id] = s().ui.selection.nodes;
      const node = getBody(s().doc, scope()).nodes.find((n) => n.id === id);
      if (node?.subgraph !== undefined) s().openSubgraph(node.subgraph);
    },
    leaveSubgraph() {
      const depth = s().ui.openPath.length;
      if (depth > 0) s().closeTo(depth - 1);
    },
    /** Lays out the open scope with ELK (off the main thread). One undo step unless `record` is false. */
    async autoLayout(options: { record?: boolean } = {}) {
      const target: Scope = scope();
      const doc = s().doc;
      const body = getBody(doc, target);
      if (body.nodes.length === 0) return;
      s().setBusy('Laying out…');
      try {
        const placed = quickLayout(body, sizer(doc, target), roles(doc, target));
        s().applyLayout(placed, target, { record: options.record !== false });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))); // let the moved nodes render
        await flow?.fitView({ padding: 0.15, duration: 200, maxZoom: 1, minZoom: readableZoom(body.nodes.length) });
      } catch (e) {
        s().toast(`Auto-layout failed: ${(e as Error).message}`, 'error');
      } finally {
        s().setBusy(null);
      }
    },
    fitView: () => void flow?.fitView({ padding: 0.15, duration: 200, maxZoom: 1, minZoom: readableZoom(getBody(s().doc, scope()).nodes.length) }),
    zoomIn: () => void flow?.zoomIn({ duration: 150 }),
    zoomOut: () => void flow?.zoomOut({ duration: 150 }),
    toggleTheme: () => s().setTheme(s().ui.theme === 'dark' ? 'light' : 'dark'),
    showHelp: () => s().setOverlay(s().ui.overlay?.kind === 'help' ? null : { kind: 'help' }),
    showTemplates: () => s().setOverlay({ kind: 'templates' }),
    showSaveAs: () => s().setOverlay({ kind: 'save-as' }),
    showFit: () => s().setOverlay({ kind: 'fit' }),
    /** Opens or closes the Train panel. */
    toggleTrain: () => toggleTrainPanel(),
    showRecent: () => s().setOverlay({ kind: 'recent' }),
    /** Reopens an autosaved document; it goes on saving under its own record. */
    async openRecent(id: string) {
      const snapshot = await readRecent(id);
      if (!snapshot) return s().toast('That graph could not be read back', 'error');
      // Nothing to confirm: the document shown now stays autosaved under its own record.
      activeAutosave()?.adopt(id, snapshot.seq);
      s().replaceDocument(snapshot.doc, { saved: !snapshot.dirty, openPath: snapshot.openPath });
      store.setState({ history: restoredHistory(snapshot) });
    },
    /**
     * Counts a weighted corpus into the graph's sequence-model tables (Linear layers reading one-hot
     * features of the text) as one undoable edit. Returns the problems when it cannot.
     */
    fitFromText(corpus: string): readonly Diagnostic[] {
      const fitted = fitGraph(s().doc, corpus);
      if (!fitted.ok) return fitted.diagnostics;
      s().edit(() => fitted.value);
      const words = documentTokenizer(fitted.value, s().catalogue)?.vocab.length;
      s().toast(`Fitted from ${corpus.split('\n').filter((l) => l.trim()).length} lines${words ? `, ${words} words` : ''} — Ctrl+Z undoes it`);
      return [];
    },
    quickAdd() {
      const at = pointer ?? centre();
      const el = document.querySelector('.react-flow');
      const screen = flow ? flow.flowToScreenPosition(at) : { x: 0, y: 0 };
      const r = el?.getBoundingClientRect();
      s().setQuickAdd({ flow: at, screen: { x: screen.x - (r?.left ?? 0), y: screen.y - (r?.top ?? 0) } });
    },
    rename() {
      if (s().ui.selection.nodes.length === 1) s().requestRename();
    },
    /** Escape: close what is open, else clear the selection, else go up one subgraph level. */
    escape() {
      const { ui } = s();
      if (ui.overlay) return s().setOverlay(null);
      if (ui.quickAdd) return s().setQuickAdd(null);
      if (ui.selection.nodes.length > 0 || ui.selection.edges.length > 0) return s().setSelection({ nodes: [], edges: [] });
      commands.leaveSubgraph();
    },
  };
  return commands;
}

/**
 * The least zoom Fit may choose: a graph of up to ~40 blocks stays above the canvas's detail
 * threshold (shapes and block text readable) and can be panned; bigger graphs may zoom out to fit.
 */
export function readableZoom(nodes: number): number {
  return nodes <= 40 ? 0.5 : 0.05;
}

/** The command set of one editor. */
export type Commands = ReturnType<typeof createCommands>;

/**
 * The editor store's shape. Three slices: `graph` (the document — the only thing saved — and its
 * undo history), `ui` (selection, open subgraph, overlays, theme — never saved in the document) and
 * `analysis` (derived from the document by the analyzer).
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument, PortRef } from '../../graph-schema/document.ts';
import type { ConnectCheck, EditResult, Fragment, Point, Positions, Scope } from '../../graph-schema/edits.ts';
import type { AnyParamValue } from '../../graph-schema/params.ts';
import type { AnalysisSummary } from '../analysis/summary.ts';
import type { StoreApi } from 'zustand/vanilla';
import type { History } from './history.ts';

/** The colour theme. */
export type Theme = 'light' | 'dark';

/** Selected nodes and edges of the open scope. */
export interface Selection {
  readonly nodes: readonly string[];
  /** Canvas edge ids (`edgeKey`). */
  readonly edges: readonly string[];
}

/** Modal overlays; at most one is open. */
export type Overlay =
  | { readonly kind: 'help' }
  | { readonly kind: 'templates' }
  | { readonly kind: 'save-as' }
  | { readonly kind: 'fit' }
  | { readonly kind: 'recent' }
  | { readonly kind: 'confirm'; readonly title: string; readonly message: string; readonly confirmLabel: string; readonly onConfirm: () => void }
  | { readonly kind: 'open-error'; readonly fileName: string; readonly diagnostics: readonly Diagnostic[] };

/** The quick-add search box, opened by double-clicking the canvas or dropping a connection on it. */
export interface QuickAdd {
  /** Where to show it, in screen pixels relative to the canvas. */
  readonly screen: Point;
  /** Where the new node goes, in flow coordinates. */
  readonly flow: Point;
  /** When opened from a dropped connection: the port to connect the new node to. */
  readonly pending?: { readonly ref: PortRef; readonly side: 'output' | 'input' };
}

/** A short message. */
export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly tone: 'info' | 'error';
  /** Screen position near the pointer, for connection refusals; else bottom centre. */
  readonly at?: Point;
}

/** A measured node size. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** The UI slice's state (never saved in the document). */
export interface UiState {
  /** Subgraph names from the top level inwards; empty = top level. */
  readonly openPath: readonly string[];
  readonly selection: Selection;
  readonly theme: Theme;
  readonly overlay: Overlay | null;
  readonly quickAdd: QuickAdd | null;
  readonly toasts: readonly Toast[];
  /** Measured node sizes by `scope/id` (React Flow needs them back on every render). */
  readonly measured: Readonly<Record<string, Size>>;
  /** A long operation in progress ("Laying out…"). */
  readonly busy: string | null;
  /** A request for the canvas to centre a node; `nonce` makes repeated requests distinct. */
  readonly focus: { readonly node: string; readonly nonce: number } | null;
  /** Incremented to ask the inspector to focus its rename field. */
  readonly renameRequest: number;
  /** Incremented when the whole view should fit (new document, subgraph opened). */
  readonly fitRequest: number;
  /** Nodes drawn highlighted, by `id` (top level) or `subgraph/id`: compare's first block over tolerance, a tour step's added nodes. */
  readonly marks: Readonly<Record<string, NodeMark>>;
}

/** How a marked node is highlighted. */
export type NodeMark = 'over' | 'added' | 'changed';

/** The graph slice: the document (the only thing saved), its history and saved state. */
export interface GraphSlice {
  readonly catalogue: Catalogue;
  readonly doc: GraphDocument;
  readonly history: History;
  /** The document as last saved or opened; `doc !== savedDoc` means unsaved changes. */
  readonly savedDoc: GraphDocument | null;
  /** A shared graph opened from a link: shown, not editable, until the user keeps a copy. */
  readonly readOnly: boolean;
  /** Applies an edit to the document in the open scope; one undo step (or merged by `key`). */
  edit(change: (doc: GraphDocument, scope: Scope) => GraphDocument, options?: { key?: string }): boolean;
  undo(): void;
  redo(): void;
  /** Starts collecting edits into one undo step (e.g. while dragging). */
  beginGesture(): void;
  endGesture(): void;
  /** Replaces the document (New / Open / template): history restarts. */
  replaceDocument(doc: GraphDocument, options?: { saved?: boolean; openPath?: readonly string[]; readOnly?: boolean }): void;
  markSaved(): void;
  /** Makes the shown document editable (Keep a copy) or read-only. */
  setReadOnly(readOnly: boolean): void;
}

/** What the user does to the graph, in the open scope; each is one undo step. */
export interface GraphActions {
  addBlock(blockId: string, position: Point, options?: { connect?: QuickAdd['pending'] }): string | null;
  checkConnection(from: PortRef, to: PortRef): ConnectCheck;
  connectPorts(from: PortRef, to: PortRef): ConnectCheck;
  deleteSelection(): void;
  setParam(nodeId: string, name: string, value: AnyParamValue | undefined): void;
  renameNode(oldId: string, newId: string): EditResult;
  moveNodes(positions: Positions): void;
  duplicateSelection(): void;
  paste(fragment: Fragment, at?: Point): void;
  groupSelection(): EditResult<{ readonly instance: string; readonly subgraph: string }>;
  setRepeat(nodeId: string, repeat: number): void;
  renameSubgraph(oldName: string, newName: string): EditResult;
  /** Sets the positions of every node in the open scope (auto-layout); one undo step. */
  applyLayout(positions: Positions, scope: Scope, options?: { record?: boolean }): void;
  setTitle(title: string): void;
}

/** The UI slice: its state and actions. */
export interface UiActions {
  readonly ui: UiState;
  setSelection(selection: Selection): void;
  selectAll(): void;
  openSubgraph(name: string): void;
  /** Leaves subgraphs until `depth` remain open (0 = top level). */
  closeTo(depth: number): void;
  /** Opens the scope holding a node and selects and centres it. */
  reveal(scope: Scope, node: string): void;
  setTheme(theme: Theme): void;
  setOverlay(overlay: Overlay | null): void;
  setQuickAdd(quickAdd: QuickAdd | null): void;
  toast(text: string, tone?: Toast['tone'], at?: Point): void;
  dismissToast(id: number): void;
  setMeasured(sizes: Readonly<Record<string, Size>>): void;
  setBusy(busy: string | null): void;
  requestRename(): void;
  requestFit(): void;
  setMarks(marks: Readonly<Record<string, NodeMark>>): void;
}

/** The analysis slice: derived from the document by the analyzer. */
export interface AnalysisSlice {
  readonly analysis: AnalysisSummary | null;
  /** The document `analysis` describes. */
  readonly analysisDoc: GraphDocument | null;
}

/** The whole editor state. */
export type EditorState = GraphSlice & GraphActions & UiActions & AnalysisSlice;
/** The editor's vanilla zustand store. */
export type EditorStore = StoreApi<EditorState>;

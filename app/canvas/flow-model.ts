/**
 * React Flow nodes and edges derived from the document, the analysis and the UI state. Memoised
 * twice: the arrays are reused while their inputs are unchanged, and each node/edge object is reused
 * while its own inputs are, so dragging one node of a thousand re-renders one node.
 */
import { own } from '../../graph-schema/own.ts';
import type { Edge, Node } from '@xyflow/react';
import { formatShape } from '../../graph-schema/dims.ts';
import { edgeKey, getBody, getPositions, type Point, type Scope } from '../../graph-schema/edits.ts';
import { scopeKey, type LocatedDiagnostic } from '../analysis/summary.ts';
import { estimateSize } from '../layout/layered-layout.ts';
import { quickLayout } from '../layout/quick-layout.ts';
import { currentScope } from '../store/scope.ts';
import type { EditorState, Size } from '../store/types.ts';
import { nodeView, viewSignature, type NodeView } from './node-view.ts';

/** What a canvas node carries: its view. */
export type BlockNodeData = { view: NodeView };
/** A React Flow node of the editor (always the generic `block` type). */
export type FlowNode = Node<BlockNodeData, 'block'>;
/** What a canvas edge carries: the inferred shape label and dtype, and whether its input has a problem. */
export type ShapeEdgeData = { label: string; dtype: string; problem: boolean };
/** A React Flow edge of the editor (always the `shape` type). */
export type FlowEdge = Edge<ShapeEdgeData, 'shape'>;

/** Key of a node's measured size in `ui.measured`. */
export const measureKey = (scope: Scope, id: string) => `${scopeKey(scope)}/${id}`;

/** Diagnostics per node of a scope: its own, and how many sit inside it (for instances). */
export function problemsByNode(diagnostics: readonly LocatedDiagnostic[], scope: Scope) {
  const direct = new Map<string, LocatedDiagnostic[]>();
  const inner = new Map<string, number>();
  for (const d of diagnostics) {
    d.locations.forEach((loc, i) => {
      if (loc.scope !== scope) return;
      if (i === d.locations.length - 1) {
        const list = direct.get(loc.node);
        if (list) list.push(d);
        else direct.set(loc.node, [d]);
      } else inner.set(loc.node, (inner.get(loc.node) ?? 0) + 1);
    });
  }
  return { direct, inner };
}

const NONE: readonly LocatedDiagnostic[] = [];

function estimatedSize(view: NodeView): { initialWidth: number; initialHeight: number } {
  const size = estimateSize(view.inputs.length, view.outputs.length, view.params.length);
  return { initialWidth: size.width, initialHeight: size.height };
}

/** Creates memoised selectors for one canvas. */
export function createFlowModel() {
  let lastNodesKey: unknown[] = [];
  let lastNodes: FlowNode[] = [];
  const views = new Map<string, { signature: string; view: NodeView; node: unknown; analysis: unknown; subgraphs: unknown }>();
  const nodeCache = new Map<string, FlowNode>();
  let lastEdgesKey: unknown[] = [];
  let lastEdges: FlowEdge[] = [];
  const edgeCache = new Map<string, FlowEdge>();
  let fallback: { body: unknown; positions: Record<string, Point> } | null = null;

  const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

  function nodes(state: EditorState): FlowNode[] {
    const scope = currentScope(state.ui);
    const body = getBody(state.doc, scope);
    const positions = getPositions(state.doc, scope);
    const key = [scope, body, positions, state.ui.selection.nodes, state.ui.measured, state.analysis, state.doc.subgraphs, state.catalogue];
    if (same(key, lastNodesKey)) return lastNodes;
    lastNodesKey = key;
    const summaries = own(state.analysis?.bodies, scopeKey(scope));
    const { direct, inner } = problemsByNode(state.analysis?.diagnostics ?? NONE, scope);
    const selected = new Set(state.ui.selection.nodes);
    const missing = body.nodes.some((n) => !own(positions, n.id));
    if (missing && fallback?.body !== body) fallback = { body, positions: quickLayout(body) };
    const out: FlowNode[] = [];
    const seen = new Set<string>();
    for (const n of body.nodes) {
      const id = n.id;
      const cacheKey = measureKey(scope, id);
      seen.add(cacheKey);
      const cachedView = views.get(cacheKey);
      let view: NodeView;
      if (cachedView && cachedView.node === n && cachedView.analysis === state.analysis && cachedView.subgraphs === state.doc.subgraphs) {
        view = cachedView.view; // nothing it depends on changed (e.g. only positions moved)
      } else {
        const fresh = nodeView(n, state.doc, state.catalogue, own(summaries, id), direct.get(id) ?? NONE, inner.get(id) ?? 0);
        const signature = viewSignature(fresh);
        view = cachedView && cachedView.signature === signature ? cachedView.view : fresh;
        views.set(cacheKey, { signature, view, node: n, analysis: state.analysis, subgraphs: state.doc.subgraphs });
      }
      const position = own(positions, id) ?? own(fallback?.positions, id) ?? { x: 0, y: 0 };
      const measured: Size | undefined = own(state.ui.measured, cacheKey);
      const isSelected = selected.has(id);
      const prev = nodeCache.get(cacheKey);
      if (prev && prev.data.view === view && prev.position === position && prev.selected === isSelected && prev.measured === measured) {
        out.push(prev);
        continue;
      }
      // Until a node has been drawn, an estimate of its size lets culling, the minimap and fit work.
      const size = measured ? { measured } : estimatedSize(view);
      const node: FlowNode = { id, type: 'block', position, data: { view }, selected: isSelected, ...size };
      nodeCache.set(cacheKey, node);
      out.push(node);
    }
    for (const k of nodeCache.keys()) if (!seen.has(k)) (nodeCache.delete(k), views.delete(k));
    lastNodes = out;
    return out;
  }

  function edges(state: EditorState): FlowEdge[] {
    const scope = currentScope(state.ui);
    const body = getBody(state.doc, scope);
    const key = [scope, body, state.ui.selection.edges, state.analysis];
    if (same(key, lastEdgesKey)) return lastEdges;
    lastEdgesKey = key;
    const summaries = own(state.analysis?.bodies, scopeKey(scope));
    const { direct } = problemsByNode(state.analysis?.diagnostics ?? NONE, scope);
    const selected = new Set(state.ui.selection.edges);
    const out: FlowEdge[] = [];
    const seen = new Set<string>();
    for (const e of body.edges) {
      const id = edgeKey(e);
      const cacheKey = `${scopeKey(scope)}/${id}`;
      seen.add(cacheKey);
      const type = own(own(summaries, e.from.node)?.outputs, e.from.port);
      const label = type ? formatShape(type.shape) : '';
      const dtype = type?.dtype ?? 'unknown';
      const problem = (direct.get(e.to.node) ?? NONE).some((d) => d.port === e.to.port);
      const isSelected = selected.has(id);
      const prev = edgeCache.get(cacheKey);
      if (prev && prev.data?.label === label && prev.data.dtype === dtype && prev.data.problem === problem && prev.selected === isSelected) {
        out.push(prev);
        continue;
      }
      const edge: FlowEdge = {
        id,
        type: 'shape',
        source: e.from.node,
        sourceHandle: e.from.port,
        target: e.to.node,
        targetHandle: e.to.port,
        selected: isSelected,
        data: { label, dtype, problem },
      };
      edgeCache.set(cacheKey, edge);
      out.push(edge);
    }
    for (const k of edgeCache.keys()) if (!seen.has(k)) edgeCache.delete(k);
    lastEdges = out;
    return out;
  }

  return { nodes, edges };
}

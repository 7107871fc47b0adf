/**
 * The open scope and keeping UI state consistent with the document (after undo, a subgraph that
 * was open may no longer exist; selected nodes may be gone).
 */
import type { GraphDocument } from '../../graph-schema/document.ts';
import { edgeKey, getBody, type Scope } from '../../graph-schema/edits.ts';
import type { UiState } from './types.ts';

/** The scope being shown: the innermost open subgraph, or the top level. */
export function currentScope(ui: Pick<UiState, 'openPath'>): Scope {
  return ui.openPath[ui.openPath.length - 1] ?? null;
}

/** The longest prefix of `path` whose subgraphs all exist. */
export function validOpenPath(doc: GraphDocument, path: readonly string[]): readonly string[] {
  const n = path.findIndex((name) => doc.subgraphs?.[name] === undefined);
  return n === -1 ? path : path.slice(0, n);
}

/** UI state adjusted to a new document: open path trimmed, selection limited to what exists. */
export function settleUi(ui: UiState, doc: GraphDocument): UiState {
  const openPath = validOpenPath(doc, ui.openPath);
  const body = getBody(doc, currentScope({ openPath }));
  const nodeIds = new Set(body.nodes.map((n) => n.id));
  const edgeIds = new Set(body.edges.map(edgeKey));
  const nodes = ui.selection.nodes.filter((id) => nodeIds.has(id));
  const edges = ui.selection.edges.filter((id) => edgeIds.has(id));
  const sameSelection = nodes.length === ui.selection.nodes.length && edges.length === ui.selection.edges.length;
  if (openPath === ui.openPath && sameSelection) return ui;
  return { ...ui, openPath, selection: openPath === ui.openPath ? { nodes, edges } : { nodes: [], edges: [] } };
}

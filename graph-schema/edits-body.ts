/**
 * Reading and replacing one graph body (the top level or a subgraph) and its layout, immutably.
 * Every edit in `edits.ts` works on a *scope*: `null` for the top level, or a subgraph name.
 */
import type { Catalogue } from './catalogue.ts';
import type { GraphBody, GraphDocument, GraphEdge, GraphNode, Layout, Subgraph } from './document.ts';
import { own, setOwn } from './own.ts';

/** Where an edit applies: `null` for the top level, or the name of a subgraph. */
export type Scope = string | null;

/** A position on the canvas, in flow coordinates. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Positions of the nodes of one body, by node id. */
export type Positions = Readonly<Record<string, Point>>;

const EMPTY_BODY: GraphBody = { nodes: [], edges: [] };

/** The nodes and edges of a scope (empty when the subgraph does not exist). */
export function getBody(doc: GraphDocument, scope: Scope): GraphBody {
  if (scope === null) return doc;
  return own(doc.subgraphs, scope) ?? EMPTY_BODY;
}

/** Replaces the nodes and edges of a scope. */
export function withBody(doc: GraphDocument, scope: Scope, nodes: GraphNode[], edges: GraphEdge[]): GraphDocument {
  if (scope === null) return { ...doc, nodes, edges };
  const current: Subgraph = own(doc.subgraphs, scope) ?? { nodes: [], edges: [] };
  return { ...doc, subgraphs: { ...doc.subgraphs, [scope]: { ...current, nodes, edges } } };
}

const NO_POSITIONS: Positions = {};

/** Node positions of a scope. */
export function getPositions(doc: GraphDocument, scope: Scope): Positions {
  if (scope === null) return doc.layout?.nodes ?? NO_POSITIONS;
  return own(doc.layout?.subgraphs, scope) ?? NO_POSITIONS;
}

/** Replaces the node positions of a scope. */
export function withPositions(doc: GraphDocument, scope: Scope, positions: Record<string, Point>): GraphDocument {
  const layout: Layout = doc.layout ?? { nodes: {} };
  if (scope === null) return { ...doc, layout: { ...layout, nodes: positions } };
  return { ...doc, layout: { ...layout, subgraphs: { ...layout.subgraphs, [scope]: positions } } };
}

/** Merges positions into a scope's layout (other nodes keep theirs). */
export function mergePositions(doc: GraphDocument, scope: Scope, positions: Positions): GraphDocument {
  // A node may be called `__proto__`, but a file may not carry that key (FW006): such a node is laid out anew on load.
  const { __proto__: _unsaved, ...kept } = { ...positions } as Record<string, Positions[string]>;
  void _unsaved;
  return withPositions(doc, scope, { ...getPositions(doc, scope), ...kept });
}

/** Stable key of an edge, used as the canvas edge id. */
export function edgeKey(e: GraphEdge): string {
  return `${e.from.node}:${e.from.port}->${e.to.node}:${e.to.port}`;
}

/** The block with a given role (e.g. `subgraph-input`), found in the catalogue rather than by id. */
export function blockWithRole(catalogue: Catalogue, role: 'subgraph-input' | 'subgraph-output' | 'input' | 'output') {
  return catalogue.list().find((b) => b.role === role);
}

/** Names of all subgraphs used (transitively) by the nodes given. */
export function subgraphsUsedBy(doc: GraphDocument, nodes: readonly GraphNode[]): Set<string> {
  const used = new Set<string>();
  const stack = nodes.flatMap((n) => (n.subgraph !== undefined ? [n.subgraph] : []));
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (used.has(name)) continue;
    used.add(name);
    for (const n of own(doc.subgraphs, name)?.nodes ?? []) if (n.subgraph !== undefined) stack.push(n.subgraph);
  }
  return used;
}

/**
 * Drops the `candidates` subgraphs (and their layouts) that are no longer reachable from the top
 * level — e.g. after deleting their last instance. Other unused subgraphs are left alone.
 */
export function dropSubgraphsIfUnused(doc: GraphDocument, candidates: ReadonlySet<string>): GraphDocument {
  if (!doc.subgraphs || candidates.size === 0) return doc;
  const used = subgraphsUsedBy(doc, doc.nodes);
  const names = Object.keys(doc.subgraphs);
  const keep = (n: string) => used.has(n) || !candidates.has(n);
  if (names.every(keep)) return doc;
  const subgraphs: Record<string, Subgraph> = {};
  for (const name of names) if (keep(name)) setOwn(subgraphs, name, own(doc.subgraphs, name)!);
  const out: GraphDocument = { ...doc, subgraphs };
  if (Object.keys(subgraphs).length === 0) delete out.subgraphs;
  if (doc.layout?.subgraphs) {
    const kept: Record<string, Record<string, Point>> = {};
    for (const [name, pos] of Object.entries(doc.layout.subgraphs)) if (keep(name)) setOwn(kept, name, pos);
    out.layout = { ...doc.layout, subgraphs: kept };
  }
  return out;
}

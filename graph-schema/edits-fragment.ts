/**
 * Fragments: a selection of nodes (with the edges between them, the subgraphs they use and their
 * positions) as plain JSON — what copy puts on the clipboard and paste / duplicate insert. A pasted
 * fragment is untrusted text: it is validated with the document validator before use.
 */
import { fail, ok, type Result } from './diagnostics.ts';
import { CURRENT_VERSION, FORMAT, type GraphDocument, type GraphEdge, type GraphNode, type Subgraph } from './document.ts';
import { getBody, getPositions, mergePositions, withBody, type Point, type Scope, subgraphsUsedBy } from './edits-body.ts';
import { uniqueId } from './edits-ids.ts';
import { parseDocument } from './parse.ts';
import { own, setOwn } from './own.ts';

/** The `format` of clipboard fragments. */
export const FRAGMENT_FORMAT = 'formwork.fragment';
const FRAGMENT_KEYS = new Set(['format', 'version', 'nodes', 'edges', 'subgraphs', 'layout']);

/** A copied piece of a graph. */
export interface Fragment {
  readonly format: typeof FRAGMENT_FORMAT;
  readonly version: number;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly subgraphs: Readonly<Record<string, Subgraph>>;
  /** Positions of `nodes`, and of the nodes inside `subgraphs`. */
  readonly layout: { readonly nodes: Readonly<Record<string, Point>>; readonly subgraphs: Readonly<Record<string, Record<string, Point>>> };
}

/** Copies the given nodes of a scope, with the edges among them and the subgraphs they use. */
export function copyFragment(doc: GraphDocument, scope: Scope, ids: readonly string[]): Fragment {
  const body = getBody(doc, scope);
  const wanted = new Set(ids);
  const nodes = body.nodes.filter((n) => wanted.has(n.id));
  const edges = body.edges.filter((e) => wanted.has(e.from.node) && wanted.has(e.to.node));
  const subgraphs: Record<string, Subgraph> = {};
  const subgraphLayout: Record<string, Record<string, Point>> = {};
  for (const name of subgraphsUsedBy(doc, nodes)) {
    const sg = own(doc.subgraphs, name);
    if (sg) setOwn(subgraphs, name, sg);
    const pos = own(doc.layout?.subgraphs, name);
    if (pos) setOwn(subgraphLayout, name, pos);
  }
  const positions = getPositions(doc, scope);
  const nodePositions: Record<string, Point> = {};
  for (const n of nodes) if (own(positions, n.id)) setOwn(nodePositions, n.id, own(positions, n.id)!);
  return { format: FRAGMENT_FORMAT, version: CURRENT_VERSION, nodes, edges, subgraphs, layout: { nodes: nodePositions, subgraphs: subgraphLayout } };
}

/** Clipboard text for a fragment. */
export function serializeFragment(fragment: Fragment): string {
  return JSON.stringify(fragment);
}

/**
 * Reads clipboard text as a fragment: bounded, guarded and schema-validated like a graph file
 * (the fragment is checked as a document with the same nodes, edges, subgraphs and layout).
 */
export function parseFragment(text: string): Result<Fragment> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail([{ code: 'FW001', severity: 'error', message: 'the clipboard does not hold Formwork nodes' }]);
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== FRAGMENT_FORMAT)
    return fail([{ code: 'FW003', severity: 'error', message: 'the clipboard does not hold Formwork nodes' }]);
  const extra = Object.keys(raw).filter((k) => !FRAGMENT_KEYS.has(k));
  if (extra.length > 0)
    return fail([{ code: 'FW005', severity: 'error', message: `unexpected field '${extra[0]!.slice(0, 40)}' in the pasted nodes` }]);
  const { nodes, edges, subgraphs, layout, version } = raw as Record<string, unknown>;
  const asDocument = JSON.stringify({ format: FORMAT, version, nodes, edges, subgraphs, layout });
  const checked = parseDocument(asDocument);
  if (!checked.ok) return checked;
  const doc = checked.value;
  return ok({
    format: FRAGMENT_FORMAT,
    version: CURRENT_VERSION,
    nodes: doc.nodes,
    edges: doc.edges,
    subgraphs: doc.subgraphs ?? {},
    layout: { nodes: doc.layout?.nodes ?? {}, subgraphs: doc.layout?.subgraphs ?? {} },
  });
}

/** Where `pasteFragment` puts the fragment. */
export interface PasteOptions {
  /** Where the fragment's top-left corner lands; default: its own positions plus `offset`. */
  readonly at?: Point;
  /** Shift applied when `at` is not given (default 40, 40). */
  readonly offset?: Point;
}

/**
 * Inserts a fragment into a scope. Node ids that are taken get fresh ones; subgraphs that already
 * exist with the same content are reused, others are renamed. Returns the new node ids in fragment order.
 */
export function pasteFragment(doc: GraphDocument, scope: Scope, fragment: Fragment, options: PasteOptions = {}): { doc: GraphDocument; ids: string[] } {
  // Subgraphs first: reuse identical ones, rename conflicting ones.
  const subgraphNames = new Map<string, string>();
  const existing = doc.subgraphs ?? {};
  const takenNames = new Set(Object.keys(existing));
  for (const [name, sg] of Object.entries(fragment.subgraphs)) {
    if (existing[name] && JSON.stringify(existing[name]) === JSON.stringify(sg)) subgraphNames.set(name, name);
    else {
      const fresh = uniqueId(name, takenNames);
      takenNames.add(fresh);
      subgraphNames.set(name, fresh);
    }
  }
  const renameSubgraph = (n: GraphNode): GraphNode =>
    n.subgraph !== undefined && subgraphNames.has(n.subgraph) ? { ...n, subgraph: subgraphNames.get(n.subgraph)! } : n;
  let out = doc;
  for (const [name, sg] of Object.entries(fragment.subgraphs)) {
    const target = subgraphNames.get(name)!;
    if (existing[target]) continue;
    out = { ...out, subgraphs: { ...out.subgraphs, [target]: { ...sg, nodes: sg.nodes.map(renameSubgraph) } } };
    const pos = own(fragment.layout.subgraphs, name);
    if (pos) out = mergePositions(out, target, pos);
  }

  // Then the nodes: fresh ids where taken.
  const body = getBody(out, scope);
  const taken = new Set(body.nodes.map((n) => n.id));
  const ids = new Map<string, string>();
  for (const n of fragment.nodes) {
    const id = uniqueId(n.id, taken);
    taken.add(id);
    ids.set(n.id, id);
  }
  const nodes = fragment.nodes.map((n) => renameSubgraph({ ...n, id: ids.get(n.id)! }));
  const edges = fragment.edges
    .filter((e) => ids.has(e.from.node) && ids.has(e.to.node))
    .map((e) => ({ from: { node: ids.get(e.from.node)!, port: e.from.port }, to: { node: ids.get(e.to.node)!, port: e.to.port } }));
  out = withBody(out, scope, [...body.nodes, ...nodes], [...body.edges, ...edges]);

  // Positions: keep the fragment's arrangement, moved as asked.
  const placed = Object.values(fragment.layout.nodes);
  const minX = placed.length ? Math.min(...placed.map((p) => p.x)) : 0;
  const minY = placed.length ? Math.min(...placed.map((p) => p.y)) : 0;
  const shift = options.at ? { x: options.at.x - minX, y: options.at.y - minY } : (options.offset ?? { x: 40, y: 40 });
  const positions: Record<string, Point> = {};
  fragment.nodes.forEach((n, i) => {
    const p = own(fragment.layout.nodes, n.id) ?? { x: minX + 30 * i, y: minY + 30 * i };
    setOwn(positions, ids.get(n.id)!, { x: p.x + shift.x, y: p.y + shift.y });
  });
  out = mergePositions(out, scope, positions);
  return { doc: out, ids: [...ids.values()] };
}

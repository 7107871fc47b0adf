/**
 * What changed between two graph documents: nodes added and removed, parameters changed, edges
 * added and removed, subgraphs added and removed, and weights given explicitly in one but not the
 * other (or with other values). The editor's gallery uses it to show "what changed from the
 * previous step"; it is pure and needs no catalogue, so a parameter left at its default in one
 * document and written out in the other counts as a change.
 *
 * Nodes inside a subgraph are named `subgraph/node` (the same spelling the diagnostics use for
 * subgraph bodies); top-level nodes keep their id. A node that disappears while exactly one node of
 * the same block and the same parameters appears in the same body counts as renamed, and the edges
 * that only follow the new name are not reported.
 */
import type { GraphBody, GraphDocument, GraphNode, WeightValue } from './document.ts';

/** One parameter of one node that differs; `from`/`to` are undefined when the parameter is absent. */
export interface ParamChange {
  readonly node: string;
  readonly param: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** An edge, its node ids qualified like the node lists (`decoder_layer/attn`). */
export interface EdgeChange {
  readonly from: { readonly node: string; readonly port: string };
  readonly to: { readonly node: string; readonly port: string };
}

/** A node renamed from `from` to `to` (both qualified like the node lists). */
export interface RenameChange {
  readonly from: string;
  readonly to: string;
}

/** The difference from document `a` to document `b`. Every list is sorted. */
export interface DocumentDiff {
  /** Nodes that kept their block and parameters but changed id (not also in added / removed). */
  readonly renamed: RenameChange[];
  readonly added: string[];
  readonly removed: string[];
  readonly changedParams: ParamChange[];
  readonly addedEdges: EdgeChange[];
  readonly removedEdges: EdgeChange[];
  /** Subgraph definitions present only in `b` / only in `a` (their nodes are also in added / removed). */
  readonly addedSubgraphs: string[];
  readonly removedSubgraphs: string[];
  /** Explicit weights (by stable name) added, removed, reshaped or with other values. */
  readonly changedWeights: string[];
}

/**
 * Compares two documents. A node whose block (or subgraph) changed counts as removed and added; a
 * change of a subgraph instance's `repeat` is reported as the parameter `repeat`.
 */
export function diffDocuments(a: GraphDocument, b: GraphDocument): DocumentDiff {
  const bodies = (doc: GraphDocument): Map<string, GraphBody> =>
    new Map<string, GraphBody>([['', doc], ...Object.entries(doc.subgraphs ?? {})]);
  const before = bodies(a);
  const after = bodies(b);
  const out = {
    renamed: [] as RenameChange[],
    added: [] as string[],
    removed: [] as string[],
    changedParams: [] as ParamChange[],
    addedEdges: [] as EdgeChange[],
    removedEdges: [] as EdgeChange[],
  };
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    diffBody(before.get(name) ?? EMPTY, after.get(name) ?? EMPTY, name === '' ? '' : `${name}/`, out);
  }
  const subgraphsA = Object.keys(a.subgraphs ?? {});
  const subgraphsB = Object.keys(b.subgraphs ?? {});
  const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  const edgeKey = (e: EdgeChange): string => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`;
  const byEdge = (x: EdgeChange, y: EdgeChange): number => byText(edgeKey(x), edgeKey(y));
  return {
    renamed: out.renamed.sort((x, y) => byText(x.from, y.from)),
    added: out.added.sort(byText),
    removed: out.removed.sort(byText),
    changedParams: out.changedParams.sort((x, y) => byText(x.node, y.node) || byText(x.param, y.param)),
    addedEdges: out.addedEdges.sort(byEdge),
    removedEdges: out.removedEdges.sort(byEdge),
    addedSubgraphs: subgraphsB.filter((n) => !subgraphsA.includes(n)).sort(byText),
    removedSubgraphs: subgraphsA.filter((n) => !subgraphsB.includes(n)).sort(byText),
    changedWeights: diffWeights(a.weights ?? {}, b.weights ?? {}).sort(byText),
  };
}

/** True when the two documents have the same nodes, params, edges, subgraphs and weights. */
export function isEmptyDiff(d: DocumentDiff): boolean {
  return (
    d.renamed.length + d.added.length + d.removed.length + d.changedParams.length + d.addedEdges.length + d.removedEdges.length +
      d.addedSubgraphs.length + d.removedSubgraphs.length + d.changedWeights.length ===
    0
  );
}

const EMPTY: GraphBody = { nodes: [], edges: [] };

interface Collector {
  renamed: RenameChange[];
  added: string[];
  removed: string[];
  changedParams: ParamChange[];
  addedEdges: EdgeChange[];
  removedEdges: EdgeChange[];
}

function diffBody(a: GraphBody, b: GraphBody, prefix: string, out: Collector): void {
  const nodesA = new Map(a.nodes.map((n) => [n.id, n]));
  const nodesB = new Map(b.nodes.map((n) => [n.id, n]));
  const renames = findRenames(a, b, nodesA, nodesB);
  for (const [from, to] of renames) out.renamed.push({ from: prefix + from, to: prefix + to });
  const renamedTo = new Set(renames.values());
  for (const [id, nodeB] of nodesB) {
    if (renamedTo.has(id)) continue;
    const nodeA = nodesA.get(id);
    if (!nodeA || !sameKind(nodeA, nodeB)) {
      out.added.push(prefix + id);
      if (nodeA) out.removed.push(prefix + id);
      continue;
    }
    const paramsA = paramsOf(nodeA);
    const paramsB = paramsOf(nodeB);
    for (const param of new Set([...Object.keys(paramsA), ...Object.keys(paramsB)])) {
      if (canonical(paramsA[param]) !== canonical(paramsB[param]))
        out.changedParams.push({ node: prefix + id, param, from: paramsA[param], to: paramsB[param] });
    }
  }
  for (const id of nodesA.keys()) if (!nodesB.has(id) && !renames.has(id)) out.removed.push(prefix + id);

  const follow = (id: string): string => renames.get(id) ?? id;
  const qualify = (e: GraphBody['edges'][number], rename: (id: string) => string): EdgeChange => ({
    from: { node: prefix + rename(e.from.node), port: e.from.port },
    to: { node: prefix + rename(e.to.node), port: e.to.port },
  });
  const key = (e: EdgeChange): string => `${e.from.node}\u0000${e.from.port}\u0000${e.to.node}\u0000${e.to.port}`;
  const edgesA = new Map(a.edges.map((e) => qualify(e, follow)).map((e) => [key(e), e]));
  const edgesB = new Map(b.edges.map((e) => qualify(e, (id) => id)).map((e) => [key(e), e]));
  const unrenamed = new Map(a.edges.map((e) => [key(qualify(e, follow)), qualify(e, (id) => id)]));
  for (const [k, e] of edgesB) if (!edgesA.has(k)) out.addedEdges.push(e);
  for (const [k] of edgesA) if (!edgesB.has(k)) out.removedEdges.push(unrenamed.get(k)!);
}

/** A node's params with its `repeat`, as compared. */
function paramsOf(node: GraphNode): Record<string, unknown> {
  return { ...node.params, ...(node.repeat !== undefined ? { repeat: node.repeat } : {}) };
}

/**
 * Renames in one body: old id → new id, for each node only in `a` that has exactly one node only in
 * `b` of the same kind and parameters (and vice versa), and that keeps at least one of its connections
 * under the new name (or has none on either side) — so a rewired output is not taken for a rename.
 */
function findRenames(a: GraphBody, b: GraphBody, nodesA: ReadonlyMap<string, GraphNode>, nodesB: ReadonlyMap<string, GraphNode>): Map<string, string> {
  const signature = (n: GraphNode): string => `${n.block ?? ''}\u0000${n.subgraph ?? ''}\u0000${canonical(paramsOf(n))}`;
  const gone = new Map<string, string[]>();
  const come = new Map<string, string[]>();
  for (const [id, n] of nodesA) if (!nodesB.has(id)) pushTo(gone, signature(n), id);
  for (const [id, n] of nodesB) if (!nodesA.has(id)) pushTo(come, signature(n), id);
  const candidates = new Map<string, string>();
  for (const [sig, from] of gone) {
    const to = come.get(sig);
    if (from.length === 1 && to?.length === 1) candidates.set(from[0]!, to[0]!);
  }
  const follow = (id: string): string => candidates.get(id) ?? id;
  const key = (e: GraphBody['edges'][number], rename: (id: string) => string): string =>
    `${rename(e.from.node)}\u0000${e.from.port}\u0000${rename(e.to.node)}\u0000${e.to.port}`;
  const edgesB = new Set(b.edges.map((e) => key(e, (id) => id)));
  const byNode = (edges: GraphBody['edges']): Map<string, GraphBody['edges'][number][]> => {
    const out = new Map<string, GraphBody['edges'][number][]>();
    for (const e of edges) for (const id of new Set([e.from.node, e.to.node])) pushTo(out, id, e);
    return out;
  };
  const touchingA = byNode(a.edges);
  const touchingB = byNode(b.edges);
  const renames = new Map<string, string>();
  for (const [from, to] of candidates) {
    const touching = touchingA.get(from) ?? [];
    const kept = touching.some((e) => edgesB.has(key(e, follow)));
    if (kept || (touching.length === 0 && !touchingB.has(to))) renames.set(from, to);
  }
  return renames;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sameKind(a: GraphNode, b: GraphNode): boolean {
  return a.block === b.block && a.subgraph === b.subgraph;
}

function diffWeights(a: Readonly<Record<string, WeightValue>>, b: Readonly<Record<string, WeightValue>>): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[name];
    const y = b[name];
    if (!x || !y || !sameValues(x.shape, y.shape) || !sameValues(x.data, y.data)) out.push(name);
  }
  return out;
}

function sameValues(x: readonly number[], y: readonly number[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)))
      : v,
  ) ?? 'undefined';
}

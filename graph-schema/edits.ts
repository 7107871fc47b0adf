/**
 * Edits: pure functions from a document to a new document. The editor's store calls them (undo is
 * a stack of the documents they return) and tests call them without React. Each works on a scope:
 * the top level (`null`) or one subgraph by name. Nothing here mutates its input.
 */
import type { AnyBlock } from './block.ts';
import type { Catalogue } from './catalogue.ts';
import type { GraphDocument, GraphEdge, GraphNode, PortRef } from './document.ts';
import {
  dropSubgraphsIfUnused,
  edgeKey,
  getBody,
  getPositions,
  mergePositions,
  subgraphsUsedBy,
  withBody,
  withPositions,
  type Point,
  type Positions,
  type Scope,
} from './edits-body.ts';
import { canConnect, type ConnectOptions } from './edits-connect.ts';
import { copyFragment, pasteFragment } from './edits-fragment.ts';
import { baseIdFor, identifierProblem, uniqueId } from './edits-ids.ts';
import { instancesOf, type EditResult } from './edits-subgraph.ts';
import { defaultParams, type AnyParamValue } from './params.ts';
import { interfacePortName } from './ports.ts';
import { own, setOwn } from './own.ts';

export * from './edits-body.ts';
export * from './edits-connect.ts';
export * from './edits-fragment.ts';
export * from './edits-ids.ts';
export * from './edits-subgraph.ts';

/** The id a new node of this block gets by default (before making it unique). */
export function defaultIdFor(block: AnyBlock): string {
  if (block.role === 'subgraph-input') return 'x';
  if (block.role === 'subgraph-output') return 'y';
  return baseIdFor(block.id);
}

/** Adds a node of a catalogue block at a position. Throws on an unknown block id (a programming error). */
export function addNode(
  doc: GraphDocument,
  catalogue: Catalogue,
  scope: Scope,
  blockId: string,
  position: Point,
  options: { id?: string; params?: Record<string, AnyParamValue> } = {},
): { doc: GraphDocument; id: string } {
  const block = catalogue.get(blockId);
  if (!block) throw new Error(`addNode: unknown block '${blockId}'`);
  const body = getBody(doc, scope);
  const id = uniqueId(options.id ?? defaultIdFor(block), new Set(body.nodes.map((n) => n.id)));
  const node: GraphNode = {
    id,
    block: blockId,
    ...(options.params ? { params: options.params } : {}),
    ...(block.version > 1 ? { version: block.version } : {}),
  };
  const out = withBody(doc, scope, [...body.nodes, node], [...body.edges]);
  return { doc: mergePositions(out, scope, { [id]: { x: Math.round(position.x), y: Math.round(position.y) } }), id };
}

/** Removes nodes, the edges touching them and their positions; drops subgraphs left without instances. */
export function removeNodes(doc: GraphDocument, scope: Scope, ids: readonly string[]): GraphDocument {
  const gone = new Set(ids);
  const body = getBody(doc, scope);
  const removed = body.nodes.filter((n) => gone.has(n.id));
  if (removed.length === 0) return doc;
  const nodes = body.nodes.filter((n) => !gone.has(n.id));
  const edges = body.edges.filter((e) => !gone.has(e.from.node) && !gone.has(e.to.node));
  const positions: Record<string, Point> = {};
  for (const [id, p] of Object.entries(getPositions(doc, scope))) if (!gone.has(id)) setOwn(positions, id, p);
  const out = withPositions(withBody(doc, scope, nodes, edges), scope, positions);
  return dropSubgraphsIfUnused(out, subgraphsUsedBy(doc, removed));
}

/** Adds an edge if `canConnect` allows it. */
export function connect(
  doc: GraphDocument,
  catalogue: Catalogue,
  from: PortRef,
  to: PortRef,
  options: ConnectOptions = {},
): EditResult {
  const check = canConnect(doc, catalogue, from, to, options);
  if (!check.ok) return { ok: false, reason: check.reason };
  const scope = options.scope ?? null;
  const body = getBody(doc, scope);
  const edge: GraphEdge = { from: { node: from.node, port: from.port }, to: { node: to.node, port: to.port } };
  return { ok: true, doc: withBody(doc, scope, [...body.nodes], [...body.edges, edge]) };
}

/** Removes edges (matched by their endpoints). */
export function disconnect(doc: GraphDocument, scope: Scope, edges: readonly GraphEdge[]): GraphDocument {
  const gone = new Set(edges.map(edgeKey));
  const body = getBody(doc, scope);
  const kept = body.edges.filter((e) => !gone.has(edgeKey(e)));
  return kept.length === body.edges.length ? doc : withBody(doc, scope, [...body.nodes], kept);
}

/**
 * Sets one parameter of a node; `undefined` removes it (the block default applies again). Given the
 * catalogue, a change of a subgraph input/output's port name is followed on every instance.
 */
export function setParam(
  doc: GraphDocument,
  scope: Scope,
  nodeId: string,
  name: string,
  value: AnyParamValue | undefined,
  catalogue?: Catalogue,
): GraphDocument {
  const body = getBody(doc, scope);
  const target = body.nodes.find((n) => n.id === nodeId);
  if (!target || own(target.params, name) === value) return doc;
  const nodes = body.nodes.map((n) => {
    if (n.id !== nodeId) return n;
    const params: Record<string, unknown> = { ...n.params };
    if (value === undefined) delete params[name];
    else setOwn(params, name, value);
    const { params: _old, ...rest } = n;
    return Object.keys(params).length > 0 ? { ...rest, params } : rest;
  });
  const out = withBody(doc, scope, nodes, [...body.edges]);
  return catalogue ? followInterfaceRename(out, catalogue, scope, target, nodes.find((n) => n.id === nodeId)!) : out;
}

/** Moves nodes to new positions (others stay where they are). */
export function moveNodes(doc: GraphDocument, scope: Scope, positions: Positions): GraphDocument {
  const rounded: Record<string, Point> = {};
  for (const [id, p] of Object.entries(positions)) setOwn(rounded, id, { x: Math.round(p.x), y: Math.round(p.y) });
  return mergePositions(doc, scope, rounded);
}

/** Copies nodes (with the edges among them) next to the originals. Returns the copies' ids. */
export function duplicate(doc: GraphDocument, scope: Scope, ids: readonly string[], offset: Point = { x: 40, y: 40 }) {
  return pasteFragment(doc, scope, copyFragment(doc, scope, ids), { offset });
}

/** Updates the document's title/description. */
export function setMeta(doc: GraphDocument, meta: NonNullable<GraphDocument['meta']>): GraphDocument {
  return { ...doc, meta: { ...doc.meta, ...meta } };
}

/**
 * Renames a node: its edges, position and references to it (tied-weight params of its siblings)
 * follow. Renaming a subgraph's input/output node renames that port on every instance, so edges
 * outside keep working.
 */
export function renameNode(doc: GraphDocument, catalogue: Catalogue, scope: Scope, oldId: string, newId: string): EditResult {
  if (oldId === newId) return { ok: true, doc };
  const problem = identifierProblem(newId);
  if (problem) return { ok: false, reason: problem };
  const body = getBody(doc, scope);
  const node = body.nodes.find((n) => n.id === oldId);
  if (!node) return { ok: false, reason: `there is no node '${oldId}'` };
  if (body.nodes.some((n) => n.id === newId)) return { ok: false, reason: `another node is already called '${newId}'` };

  const ref = (p: PortRef): PortRef => (p.node === oldId ? { node: newId, port: p.port } : p);
  const nodes = body.nodes.map((n) => (n.id === oldId ? { ...n, id: newId } : retargetTies(n, catalogue, oldId, newId)));
  const edges = body.edges.map((e) => (e.from.node === oldId || e.to.node === oldId ? { from: ref(e.from), to: ref(e.to) } : e));
  let out = withBody(doc, scope, nodes, edges);
  const positions: Record<string, Point> = {};
  for (const [id, p] of Object.entries(getPositions(doc, scope))) setOwn(positions, id === oldId ? newId : id, p);
  out = withPositions(out, scope, positions);

  return { ok: true, doc: followInterfaceRename(out, catalogue, scope, node, { ...node, id: newId }) };
}

/** Points string params that tie a weight to `oldId` at `newId` (read from the block's weight specs). */
function retargetTies(n: GraphNode, catalogue: Catalogue, oldId: string, newId: string): GraphNode {
  const block = n.block !== undefined ? catalogue.get(n.block) : undefined;
  if (!block?.weights) return n;
  let specs;
  try {
    specs = block.weights({ ...defaultParams(block.params), ...n.params } as never);
  } catch {
    return n; // invalid params: inference reports them
  }
  let params = n.params;
  for (const spec of specs)
    if (spec.tie && own(params, spec.tie.param) === oldId) params = { ...params, [spec.tie.param]: newId };
  return params === n.params ? n : { ...n, params };
}

/**
 * When an edit changes the port a subgraph's input/output node stands for (its id, or its `name`
 * param), renames that port on every instance so the edges outside keep working.
 */
function followInterfaceRename(doc: GraphDocument, catalogue: Catalogue, scope: Scope, before: GraphNode, after: GraphNode): GraphDocument {
  if (scope === null || before.block === undefined) return doc;
  const role = catalogue.get(before.block)?.role;
  if (role !== 'subgraph-input' && role !== 'subgraph-output') return doc;
  const block = catalogue.get(before.block);
  const oldPort = interfacePortName(before, block);
  const newPort = interfacePortName(after, block);
  return oldPort === newPort ? doc : renameInstancePort(doc, scope, oldPort, newPort, role);
}

function renameInstancePort(doc: GraphDocument, subgraph: string, oldPort: string, newPort: string, role: 'subgraph-input' | 'subgraph-output'): GraphDocument {
  let out = doc;
  const scopes = new Set(instancesOf(doc, subgraph).map((i) => i.scope));
  for (const scope of scopes) {
    const body = getBody(out, scope);
    const instances = new Set(body.nodes.filter((n) => n.subgraph === subgraph).map((n) => n.id));
    const edges = body.edges.map((e) => {
      if (role === 'subgraph-input' && instances.has(e.to.node) && e.to.port === oldPort) return { ...e, to: { node: e.to.node, port: newPort } };
      if (role === 'subgraph-output' && instances.has(e.from.node) && e.from.port === oldPort) return { ...e, from: { node: e.from.node, port: newPort } };
      return e;
    });
    out = withBody(out, scope, [...body.nodes], edges);
  }
  return out;
}

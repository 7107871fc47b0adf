/**
 * Subgraph edits: grouping a selection into a new subgraph (cut edges become SubgraphInput /
 * SubgraphOutput nodes and instance ports), setting an instance's repeat count, renaming a subgraph.
 */
import { roleParam } from './param-roles.ts';
import type { Catalogue } from './catalogue.ts';
import type { GraphDocument, GraphEdge, GraphNode, PortRef } from './document.ts';
import { blockWithRole, getBody, getPositions, withBody, withPositions, type Point, type Scope } from './edits-body.ts';
import { identifierProblem, uniqueId } from './edits-ids.ts';
import { LIMITS } from './limits.ts';
import { nodePorts } from './ports.ts';
import { own, setOwn } from './own.ts';

/** Result of an edit that can be refused. */
export type EditResult<T = object> = ({ readonly ok: true; readonly doc: GraphDocument } & T) | { readonly ok: false; readonly reason: string };

/** Options of `groupIntoSubgraph`. */
export interface GroupOptions {
  /** Name of the new subgraph (default `block`, made unique). */
  readonly name?: string;
}

const portKey = (p: PortRef) => `${p.node}:${p.port}`;

/**
 * Moves the given nodes of a scope into a new subgraph and puts one instance of it in their place.
 * Each distinct outside source feeding the selection becomes a SubgraphInput (`x`, `x_2`, …); each
 * inside output used outside becomes a SubgraphOutput (`y`, `y_2`, …). With exactly one of each (a
 * layer), the output is named like the input (`x_out` with port name `x`) so the instance can be
 * repeated ×N. Outputs that feed nothing yet also become outputs. Edges are rewired through the
 * instance's ports, so the graph computes the same thing.
 */
export function groupIntoSubgraph(
  doc: GraphDocument,
  catalogue: Catalogue,
  scope: Scope,
  ids: readonly string[],
  options: GroupOptions = {},
): EditResult<{ readonly instance: string; readonly subgraph: string }> {
  const inputBlock = blockWithRole(catalogue, 'subgraph-input');
  const outputBlock = blockWithRole(catalogue, 'subgraph-output');
  if (!inputBlock || !outputBlock) return { ok: false, reason: 'the catalogue has no subgraph input/output blocks' };
  const body = getBody(doc, scope);
  const selected = new Set(ids.filter((id) => body.nodes.some((n) => n.id === id)));
  if (selected.size === 0) return { ok: false, reason: 'select the nodes to group first' };
  const roleOf = (n: GraphNode) => (n.block !== undefined ? catalogue.get(n.block)?.role : undefined);
  const interfaceNode = body.nodes.find((n) => selected.has(n.id) && (roleOf(n) === 'subgraph-input' || roleOf(n) === 'subgraph-output'));
  if (interfaceNode) return { ok: false, reason: `'${interfaceNode.id}' is this subgraph's own input/output and cannot move into a new one` };
  if (Object.keys(doc.subgraphs ?? {}).length >= LIMITS.maxSubgraphs) return { ok: false, reason: `a graph has at most ${LIMITS.maxSubgraphs} subgraphs` };

  const name = uniqueId(options.name ?? 'block', new Set(Object.keys(doc.subgraphs ?? {})));
  const inside = (e: GraphEdge) => selected.has(e.from.node) && selected.has(e.to.node);
  const incoming = body.edges.filter((e) => !selected.has(e.from.node) && selected.has(e.to.node));
  const outgoing = body.edges.filter((e) => selected.has(e.from.node) && !selected.has(e.to.node));
  const innerIds = new Set(selected);

  // One SubgraphInput per outside source, one SubgraphOutput per inside source used outside.
  const inputFor = new Map<string, string>();
  for (const e of incoming) {
    if (inputFor.has(portKey(e.from))) continue;
    const id = uniqueId('x', innerIds);
    innerIds.add(id);
    inputFor.set(portKey(e.from), id);
  }
  // Outputs of the selection that feed nothing yet (the end of a chain) become outputs too, so a
  // layer grouped before its consumer exists still hands its result out.
  const dangling: PortRef[] = [];
  for (const n of body.nodes) {
    if (!selected.has(n.id)) continue;
    for (const p of nodePorts(n, doc, catalogue)?.outputs ?? [])
      if (!body.edges.some((e) => e.from.node === n.id && e.from.port === p.name)) dangling.push({ node: n.id, port: p.name });
  }
  const outputFor = new Map<string, string>();
  const sources = new Set([...outgoing.map((e) => portKey(e.from)), ...dangling.map(portKey)]);
  // One in, one out (a layer): the output port takes the input's name, so the instance can repeat ×N.
  const paired = inputFor.size === 1 && sources.size === 1 ? [...inputFor.values()][0]! : null;
  for (const e of outgoing) {
    if (outputFor.has(portKey(e.from))) continue;
    const id = uniqueId(paired !== null ? `${paired}_out` : 'y', innerIds);
    innerIds.add(id);
    outputFor.set(portKey(e.from), id);
  }
  for (const ref of dangling) {
    const id = uniqueId(paired !== null ? `${paired}_out` : 'y', innerIds);
    innerIds.add(id);
    outputFor.set(portKey(ref), id);
  }
  const outputPort = (id: string) => (paired !== null ? paired : id);
  const inPort = outputBlock.inputs[0]?.name ?? 'in';
  const outPort = inputBlock.outputs[0]?.name ?? 'out';

  const innerNodes: GraphNode[] = [
    ...[...inputFor.values()].map((id) => ({ id, block: inputBlock.id })),
    ...body.nodes.filter((n) => selected.has(n.id)),
    ...[...outputFor.values()].map((id) => (paired !== null && roleParam(outputBlock, 'portName') !== undefined ? { id, block: outputBlock.id, params: { [roleParam(outputBlock, 'portName')!]: paired } } : { id, block: outputBlock.id })),
  ];
  const innerEdges: GraphEdge[] = [
    ...body.edges.filter(inside),
    ...incoming.map((e) => ({ from: { node: inputFor.get(portKey(e.from))!, port: outPort }, to: e.to })),
    ...[...outputFor.entries()].map(([key, id]) => {
      const source = outgoing.find((e) => portKey(e.from) === key)?.from ?? dangling.find((r) => portKey(r) === key)!;
      return { from: { node: source.node, port: source.port }, to: { node: id, port: inPort } };
    }),
  ];

  const remaining = body.nodes.filter((n) => !selected.has(n.id));
  const instance = uniqueId(name, new Set(remaining.map((n) => n.id)));
  const outerEdges: GraphEdge[] = [
    ...body.edges.filter((e) => !selected.has(e.from.node) && !selected.has(e.to.node)),
    ...[...inputFor.entries()].map(([key, id]) => {
      const source = incoming.find((e) => portKey(e.from) === key)!.from;
      return { from: source, to: { node: instance, port: id } };
    }),
    ...outgoing.map((e) => ({ from: { node: instance, port: outputPort(outputFor.get(portKey(e.from))!) }, to: e.to })),
  ];

  let out: GraphDocument = { ...doc, subgraphs: { ...doc.subgraphs, [name]: { title: name, nodes: innerNodes, edges: innerEdges } } };
  out = withBody(out, scope, [...remaining, { id: instance, subgraph: name }], outerEdges);

  // Layout: inner nodes keep their arrangement; the interface sits left and right of it.
  const positions = getPositions(doc, scope);
  const placed = [...selected].map((id) => own(positions, id)).filter((p): p is Point => p !== undefined);
  const minX = placed.length ? Math.min(...placed.map((p) => p.x)) : 0;
  const maxX = placed.length ? Math.max(...placed.map((p) => p.x)) : 0;
  const minY = placed.length ? Math.min(...placed.map((p) => p.y)) : 0;
  const midY = placed.length ? placed.reduce((s, p) => s + p.y, 0) / placed.length : 0;
  const inner: Record<string, Point> = {};
  for (const id of selected) if (own(positions, id)) setOwn(inner, id, { x: own(positions, id)!.x - minX + 280, y: own(positions, id)!.y - minY + 40 });
  [...inputFor.values()].forEach((id, i) => (setOwn(inner, id, { x: 0, y: midY - minY + 40 + i * 90 })));
  [...outputFor.values()].forEach((id, i) => (setOwn(inner, id, { x: maxX - minX + 280 + 300, y: midY - minY + 40 + i * 90 })));
  out = withPositions(out, name, inner);
  const outer: Record<string, Point> = {};
  for (const [id, p] of Object.entries(positions)) if (!selected.has(id)) setOwn(outer, id, p);
  setOwn(outer, instance, { x: minX, y: midY });
  out = withPositions(out, scope, outer);
  return { ok: true, doc: out, instance, subgraph: name };
}

/** Sets how many times a subgraph instance is applied (1 removes the field). */
export function setRepeat(doc: GraphDocument, scope: Scope, nodeId: string, repeat: number): GraphDocument {
  const body = getBody(doc, scope);
  const target = body.nodes.find((node) => node.id === nodeId && node.subgraph !== undefined);
  const n = Math.max(1, Math.min(LIMITS.maxRepeat, Math.round(repeat)));
  if (!target || (target.repeat ?? 1) === n) return doc;
  const nodes = body.nodes.map((node) => {
    if (node.id !== nodeId || node.subgraph === undefined) return node;
    const { repeat: _old, ...rest } = node;
    return n === 1 ? rest : { ...rest, repeat: n };
  });
  return withBody(doc, scope, nodes, [...body.edges]);
}

/** Renames a subgraph everywhere it is used (instances in every body, and its layout). */
export function renameSubgraph(doc: GraphDocument, oldName: string, newName: string): EditResult {
  if (oldName === newName) return { ok: true, doc };
  const problem = identifierProblem(newName);
  if (problem) return { ok: false, reason: problem };
  const sg = own(doc.subgraphs, oldName);
  if (!sg) return { ok: false, reason: `there is no subgraph '${oldName}'` };
  if (own(doc.subgraphs, newName)) return { ok: false, reason: `a subgraph named '${newName}' already exists` };
  const retarget = (nodes: readonly GraphNode[]) => nodes.map((n) => (n.subgraph === oldName ? { ...n, subgraph: newName } : n));
  const subgraphs: NonNullable<GraphDocument['subgraphs']> = {};
  for (const [name, body] of Object.entries(doc.subgraphs ?? {})) {
    const title = name === oldName && body.title === oldName ? newName : body.title; // a default title follows the name
    setOwn(subgraphs, name === oldName ? newName : name, { ...body, ...(title !== undefined ? { title } : {}), nodes: retarget(body.nodes) });
  }
  let out: GraphDocument = { ...doc, nodes: retarget(doc.nodes), subgraphs };
  const layout = own(doc.layout?.subgraphs, oldName);
  if (layout && out.layout?.subgraphs) {
    const { [oldName]: _moved, ...rest } = out.layout.subgraphs;
    out = { ...out, layout: { ...out.layout, subgraphs: { ...rest, [newName]: layout } } };
  }
  return { ok: true, doc: out };
}

/** Every (scope, instance node) that is an instance of `subgraph`. */
export function instancesOf(doc: GraphDocument, subgraph: string): Array<{ scope: Scope; node: GraphNode }> {
  const out: Array<{ scope: Scope; node: GraphNode }> = [];
  const scopes: Scope[] = [null, ...Object.keys(doc.subgraphs ?? {})];
  for (const scope of scopes) for (const node of getBody(doc, scope).nodes) if (node.subgraph === subgraph) out.push({ scope, node });
  return out;
}

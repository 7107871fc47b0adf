/**
 * Structural checks of one graph body (the top level or a subgraph), before any shape is looked
 * at: unique ids, known blocks and subgraphs, edges between existing ports, one edge per input,
 * required inputs connected, no cycles. Produces the topological order used by inference.
 */
import type { Catalogue } from './catalogue.ts';
import { error, type Diagnostic } from './diagnostics.ts';
import type { GraphBody, GraphDocument, GraphNode } from './document.ts';
import { nodePorts } from './ports.ts';
import { own } from './own.ts';

export interface BodyStructure {
  /** Node ids in topological order, or null when the body has a cycle. */
  readonly order: readonly string[] | null;
  /**
   * Nodes with a structural problem of their own (unknown block, a bad or doubled edge into them, a
   * required input left open). Inference skips them, and so everything downstream, but still infers
   * the rest of the body, so an editor shows shapes while the user is wiring things up.
   */
  readonly broken: ReadonlySet<string>;
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** `to.node` → `to.port` → source. */
  readonly incoming: ReadonlyMap<string, ReadonlyMap<string, { node: string; port: string }>>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Checks one body. `pathPrefix` is the JSON path of the body (`''` or `subgraphs.layer`), and
 * `nodePrefix` what node ids are shown with in diagnostics (`''` or `layer/`).
 */
export function checkStructure(
  body: GraphBody,
  doc: GraphDocument,
  catalogue: Catalogue,
  pathPrefix: string,
  nodePrefix: string,
): BodyStructure {
  const diagnostics: Diagnostic[] = [];
  const at = (p: string) => (pathPrefix ? `${pathPrefix}.${p}` : p);
  const nodes = new Map<string, GraphNode>();
  const broken = new Set<string>();

  body.nodes.forEach((n, i) => {
    if (nodes.has(n.id)) {
      diagnostics.push(error('FW011', `two nodes have the id '${n.id}'`, { node: nodePrefix + n.id, path: at(`nodes[${i}].id`), hint: 'rename one of them' }));
      return; // the first node of that id stays; this one is dropped
    }
    nodes.set(n.id, n);
    if (n.block !== undefined && !catalogue.has(n.block)) {
      diagnostics.push(
        error('FW010', `unknown block '${n.block.slice(0, 64)}'`, { node: nodePrefix + n.id, path: at(`nodes[${i}].block`), hint: 'pick a block from the palette' }),
      );
      broken.add(n.id);
    }
    if (n.subgraph !== undefined && own(doc.subgraphs, n.subgraph) === undefined) {
      diagnostics.push(error('FW017', `unknown subgraph '${n.subgraph}'`, { node: nodePrefix + n.id, path: at(`nodes[${i}].subgraph`) }));
      broken.add(n.id);
    }
  });

  const incoming = new Map<string, Map<string, { node: string; port: string }>>();
  const successors = new Map<string, string[]>();
  body.edges.forEach((e, i) => {
    const from = nodes.get(e.from.node);
    const to = nodes.get(e.to.node);
    const edgePath = at(`edges[${i}]`);
    if (!from || !to) {
      const missing = !from ? e.from.node : e.to.node;
      diagnostics.push(error('FW012', `edge ${i} refers to the missing node '${missing}'`, { path: edgePath, hint: 'delete the edge or add the node' }));
      if (to) broken.add(to.id);
      return;
    }
    const fromPorts = nodePorts(from, doc, catalogue);
    const toPorts = nodePorts(to, doc, catalogue);
    if (!fromPorts || !toPorts) return; // already reported as unknown block/subgraph
    if (!fromPorts.outputs.some((p) => p.name === e.from.port)) {
      diagnostics.push(
        error('FW013', `'${from.id}' has no output port '${e.from.port}'`, {
          node: nodePrefix + from.id,
          port: e.from.port,
          path: `${edgePath}.from.port`,
          hint: `outputs are: ${fromPorts.outputs.map((p) => p.name).join(', ') || 'none'}`,
        }),
      );
      broken.add(to.id);
      return;
    }
    if (!toPorts.inputs.some((p) => p.name === e.to.port)) {
      diagnostics.push(
        error('FW013', `'${to.id}' has no input port '${e.to.port}'`, {
          node: nodePrefix + to.id,
          port: e.to.port,
          path: `${edgePath}.to.port`,
          hint: `inputs are: ${toPorts.inputs.map((p) => p.name).join(', ') || 'none'}`,
        }),
      );
      broken.add(to.id);
      return;
    }
    let ports = incoming.get(to.id);
    if (!ports) incoming.set(to.id, (ports = new Map()));
    if (ports.has(e.to.port)) {
      diagnostics.push(
        error('FW014', `input '${e.to.port}' of '${to.id}' is connected twice`, {
          node: nodePrefix + to.id,
          port: e.to.port,
          path: edgePath,
          hint: 'an input takes one edge; use an Add block to combine tensors',
        }),
      );
      broken.add(to.id);
      return;
    }
    ports.set(e.to.port, { node: from.id, port: e.from.port });
    let succ = successors.get(from.id);
    if (!succ) successors.set(from.id, (succ = []));
    succ.push(to.id); // one entry per edge, matching the per-port in-degree below
  });

  body.nodes.forEach((n, i) => {
    const ports = nodes.get(n.id) === n ? nodePorts(n, doc, catalogue) : undefined;
    for (const p of ports?.inputs ?? []) {
      if (p.optional || incoming.get(n.id)?.has(p.name)) continue;
      diagnostics.push(
        error('FW015', `input '${p.name}' of '${n.id}' is not connected`, { node: nodePrefix + n.id, port: p.name, path: at(`nodes[${i}]`) }),
      );
      broken.add(n.id);
    }
  });

  const order = topologicalOrder(nodes, successors, incoming);
  if (order.length < nodes.size) {
    const inCycle = [...nodes.keys()].filter((id) => !order.includes(id));
    diagnostics.push(
      error('FW016', `the graph has a cycle through ${inCycle.map((id) => `'${id}'`).join(', ')}`, {
        node: nodePrefix + inCycle[0],
        path: pathPrefix || undefined,
        hint: 'data must flow one way; remove one of the edges in the loop',
      }),
    );
    return { order: null, broken, nodes, incoming, diagnostics };
  }
  return { order, broken, nodes, incoming, diagnostics };
}

/** Kahn's algorithm; ties broken by document order so the result is deterministic. */
function topologicalOrder(
  nodes: ReadonlyMap<string, GraphNode>,
  successors: ReadonlyMap<string, readonly string[]>,
  incoming: ReadonlyMap<string, ReadonlyMap<string, unknown>>,
): string[] {
  const remaining = new Map<string, number>();
  for (const id of nodes.keys()) remaining.set(id, 0);
  for (const [to, ports] of incoming) remaining.set(to, ports.size);
  const ready = [...nodes.keys()].filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const s of successors.get(id) ?? []) {
      const left = remaining.get(s)! - 1;
      remaining.set(s, left);
      if (left === 0) ready.push(s);
    }
  }
  return order;
}

/**
 * Analysis for a graph that is being edited. `analyzeGraph` infers nothing in a body with a
 * structural problem (an unconnected input, an unknown port, …) — right for compiling, but an editor
 * needs shapes on every edge that *can* be inferred while the user is still wiring things up. So
 * here the document is analysed twice: once as it is (for the real diagnostics), and once with
 * every structurally broken node pruned away (for the shapes and the shape diagnostics of the rest).
 */
import type { Catalogue } from './catalogue.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { GraphDocument, GraphEdge, GraphNode } from './document.ts';
import { getBody, withBody, type Scope } from './edits-body.ts';
import { analyzeGraph, type GraphAnalysis } from './infer.ts';
import { nodePorts } from './ports.ts';

/** Like `analyzeGraph`, but shapes are inferred wherever they can be, even in broken bodies. */
export function analyzeForEditing(doc: GraphDocument, catalogue: Catalogue): GraphAnalysis {
  const full = analyzeGraph(doc, catalogue);
  const pruned = pruneBroken(doc, catalogue);
  if (pruned === doc) return full;
  const partial = analyzeGraph(pruned, catalogue);
  const key = (d: Diagnostic) => `${d.code}|${d.node}|${d.port}|${d.param}|${d.message}`;
  const seen = new Set(full.diagnostics.map(key));
  const extra = partial.diagnostics.filter((d) => !seen.has(key(d))).map((d) => reindexPath(d, pruned, doc));
  return { ...partial, ok: full.ok && extra.every((d) => d.severity !== 'error'), diagnostics: [...full.diagnostics, ...extra] };
}

const NODE_PATH = /^(subgraphs\.([A-Za-z_][A-Za-z0-9_-]*)\.)?nodes\[(\d+)\]/;

/** Diagnostics of the pruned document point at its node indices; point them at the original's. */
function reindexPath(d: Diagnostic, pruned: GraphDocument, original: GraphDocument): Diagnostic {
  const m = d.path !== undefined ? NODE_PATH.exec(d.path) : null;
  if (!m) return d;
  const scope: Scope = m[2] ?? null;
  const id = getBody(pruned, scope).nodes[Number(m[3])]?.id;
  const index = getBody(original, scope).nodes.findIndex((n) => n.id === id);
  if (index === -1) return d;
  return { ...d, path: `${m[1] ?? ''}nodes[${index}]${d.path!.slice(m[0].length)}` };
}

/**
 * Removes, until nothing changes: nodes of unknown blocks or subgraphs, nodes with a required input
 * unconnected, edges to missing nodes or ports, and second edges into one input. Returns `doc`
 * itself when nothing had to go.
 */
export function pruneBroken(doc: GraphDocument, catalogue: Catalogue): GraphDocument {
  let current = doc;
  for (let round = 0; round < 1000; round++) {
    let changed = false;
    const scopes: Scope[] = [null, ...Object.keys(current.subgraphs ?? {})];
    for (const scope of scopes) {
      const body = getBody(current, scope);
      const next = pruneBody(current, catalogue, body.nodes, body.edges);
      if (next) {
        current = withBody(current, scope, next.nodes, next.edges);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return current;
}

function pruneBody(
  doc: GraphDocument,
  catalogue: Catalogue,
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
): { nodes: GraphNode[]; edges: GraphEdge[] } | null {
  const ports = new Map(nodes.map((n) => [n.id, nodePorts(n, doc, catalogue)]));
  const ids = new Set<string>();
  const keptNodes = nodes.filter((n) => {
    if (ids.has(n.id) || !ports.get(n.id)) return false;
    ids.add(n.id);
    return true;
  });
  const taken = new Set<string>();
  const keptEdges = edges.filter((e) => {
    const from = ports.get(e.from.node);
    const to = ports.get(e.to.node);
    if (!ids.has(e.from.node) || !ids.has(e.to.node) || !from || !to) return false;
    if (!from.outputs.some((p) => p.name === e.from.port) || !to.inputs.some((p) => p.name === e.to.port)) return false;
    const slot = `${e.to.node}:${e.to.port}`;
    if (taken.has(slot)) return false;
    taken.add(slot);
    return true;
  });
  const complete = keptNodes.filter((n) =>
    (ports.get(n.id)?.inputs ?? []).every((p) => p.optional || taken.has(`${n.id}:${p.name}`)),
  );
  const survivors = new Set(complete.map((n) => n.id));
  const finalEdges = keptEdges.filter((e) => survivors.has(e.from.node) && survivors.has(e.to.node));
  if (complete.length === nodes.length && finalEdges.length === edges.length) return null;
  return { nodes: complete, edges: finalEdges };
}

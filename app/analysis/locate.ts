/**
 * Where a diagnostic belongs on the canvas. Diagnostics name a node by path: `attn` at the top level,
 * `layers.0.attn` inside repetition 0 of the instance `layers`, or `block/attn` for a structural
 * problem inside the subgraph `block`; their JSON `path` (`subgraphs.block.nodes[2]`) names the
 * innermost body. This turns that into a chain of (scope, node) pairs, outermost first, so the
 * editor can mark the node itself and every instance that contains it.
 */
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument, GraphNode } from '../../graph-schema/document.ts';
import { getBody, type Scope } from '../../graph-schema/edits.ts';

/** One place a diagnostic shows up. */
export interface Location {
  readonly scope: Scope;
  readonly node: string;
}

const BODY_PATH = /^(?:subgraphs\.([A-Za-z_][A-Za-z0-9_-]*)\.)?(nodes|edges)\[(\d+)\]/;

/** The chain of places a diagnostic belongs to, outermost first (empty for whole-document problems). */
export function locateDiagnostic(doc: GraphDocument, d: Diagnostic): Location[] {
  const chain: Location[] = [];
  if (d.node !== undefined && d.node.includes('.')) {
    // layers.0.attn.1.x : instance, repetition, node, repetition, node …
    const parts = d.node.split('.');
    let scope: Scope = null;
    for (let i = 0; i < parts.length; i += 2) {
      const id = parts[i]!;
      const node: GraphNode | undefined = getBody(doc, scope).nodes.find((n) => n.id === id);
      if (!node) break;
      chain.push({ scope, node: id });
      if (node.subgraph === undefined) break;
      scope = node.subgraph;
    }
    return chain;
  }
  const innermost = innermostFromName(doc, d) ?? innermostFromPath(doc, d);
  if (!innermost) return chain;
  return [...enclosingInstances(doc, innermost.scope), innermost];
}

function innermostFromPath(doc: GraphDocument, d: Diagnostic): Location | null {
  const m = d.path !== undefined ? BODY_PATH.exec(d.path) : null;
  if (!m) return null;
  const scope: Scope = m[1] ?? null;
  const body = getBody(doc, scope);
  const index = Number(m[3]);
  if (m[2] === 'nodes') {
    const node = body.nodes[index];
    return node ? { scope, node: node.id } : null;
  }
  const edge = body.edges[index];
  if (!edge) return null;
  const target = body.nodes.some((n) => n.id === edge.to.node) ? edge.to.node : edge.from.node;
  return { scope, node: target };
}

function innermostFromName(doc: GraphDocument, d: Diagnostic): Location | null {
  if (d.node === undefined) return null;
  const slash = d.node.indexOf('/');
  const scope: Scope = slash === -1 ? null : d.node.slice(0, slash);
  const id = slash === -1 ? d.node : d.node.slice(slash + 1);
  return getBody(doc, scope).nodes.some((n) => n.id === id) ? { scope, node: id } : null;
}

/** The first chain of instances leading from the top level into `scope` (empty at the top). */
function enclosingInstances(doc: GraphDocument, scope: Scope): Location[] {
  const chain: Location[] = [];
  const visited = new Set<string>();
  let current = scope;
  while (current !== null && !visited.has(current)) {
    visited.add(current);
    const inner = current;
    const parentScopes: Scope[] = [null, ...Object.keys(doc.subgraphs ?? {})];
    const parent = parentScopes.find((s) => getBody(doc, s).nodes.some((n) => n.subgraph === inner));
    if (parent === undefined) break;
    const instance = getBody(doc, parent).nodes.find((n) => n.subgraph === inner)!;
    chain.unshift({ scope: parent, node: instance.id });
    current = parent;
  }
  return chain;
}

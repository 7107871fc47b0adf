/**
 * Per-block migrations, tldraw-style: a node records the version of its block's definition it was saved with
 * (`version`, absent = 1); on load, each node older than its block goes through that block's own
 * `migrations`, one version at a time, and comes out at the current version. A node saved by a newer
 * Formwork than this one is reported (FW022), never guessed at.
 */
import type { AnyBlock } from './block.ts';
import type { Catalogue } from './catalogue.ts';
import { error, type Diagnostic } from './diagnostics.ts';
import type { GraphDocument, GraphNode } from './document.ts';

/** The document with every node at its block's current version, and the nodes that could not be brought there. */
export interface MigratedBlocks {
  readonly doc: GraphDocument;
  readonly diagnostics: readonly Diagnostic[];
}

/** Brings every node of `doc` (subgraphs included) to its block's current version. Unchanged documents are returned as is. */
export function migrateBlocks(doc: GraphDocument, catalogue: Catalogue): MigratedBlocks {
  const diagnostics: Diagnostic[] = [];
  let changed = false;
  const migrateNodes = (nodes: readonly GraphNode[], where: string): GraphNode[] =>
    nodes.map((node, i) => {
      const block = node.block === undefined ? undefined : catalogue.get(node.block);
      if (!block) return node; // unknown blocks are reported by the analysis
      const next = migrateNode(node, block, `${where}[${i}]`, diagnostics);
      if (next !== node) changed = true;
      return next;
    });
  const nodes = migrateNodes(doc.nodes, 'nodes');
  const subgraphs = doc.subgraphs && Object.fromEntries(
    Object.entries(doc.subgraphs).map(([name, body]) => [name, { ...body, nodes: migrateNodes(body.nodes, `subgraphs.${name}.nodes`) }]),
  );
  if (!changed) return { doc, diagnostics };
  return { doc: { ...doc, nodes, ...(subgraphs ? { subgraphs } : {}) }, diagnostics };
}

function migrateNode(node: GraphNode, block: AnyBlock, path: string, diagnostics: Diagnostic[]): GraphNode {
  const saved = node.version ?? 1;
  if (saved === block.version) return node;
  if (saved > block.version) {
    diagnostics.push(error('FW022', `node '${node.id}' was saved with version ${saved} of block ${block.id}; this Formwork knows up to version ${block.version}`, {
      node: node.id,
      path: `${path}.version`,
      hint: 'open the file with a newer Formwork',
    }));
    return node;
  }
  let params: Record<string, unknown> = { ...(node.params ?? {}) };
  for (let v = saved; v < block.version; v++) {
    const up = block.migrations?.[v];
    if (!up) {
      diagnostics.push(error('FW099', `block ${block.id} has no migration from version ${v}`, { node: node.id, hint: 'this is a bug in Formwork; please report it' }));
      return node;
    }
    params = up(params);
  }
  const { version: _old, params: _params, ...rest } = node;
  return { ...rest, params, version: block.version };
}

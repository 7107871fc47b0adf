/**
 * From a plan node path (`layers.0.attn`, as parity reports name blocks) to the canvas nodes that show
 * it: the instance at the top level, then the node inside each subgraph. Repetition indices are skipped.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';

/** One canvas node: its scope (null = top level) and id. */
export interface CanvasNodeRef {
  readonly scope: string | null;
  readonly id: string;
}

/** The mark key the canvas uses: `id` at the top level, `subgraph/id` inside one. */
export const markKey = (ref: CanvasNodeRef): string => (ref.scope === null ? ref.id : `${ref.scope}/${ref.id}`);

/** Mark keys for the block first over tolerance: the node and every instance around it. */
export function overToleranceMarks(doc: GraphDocument, path: string): string[] {
  return resolveNodePath(doc, path).map(markKey);
}

/** The chain of canvas nodes a node path goes through, outermost first (empty if none matches). */
export function resolveNodePath(doc: GraphDocument, path: string): CanvasNodeRef[] {
  const segments = path.split('.');
  const out: CanvasNodeRef[] = [];
  let scope: string | null = null;
  let body = doc as { nodes: GraphDocument['nodes'] };
  for (let i = 0; i < segments.length; i++) {
    // Node ids may themselves contain dots; take the longest id that matches.
    let found: GraphDocument['nodes'][number] | undefined;
    let used = 0;
    for (let j = segments.length; j > i && !found; j--) {
      const id = segments.slice(i, j).join('.');
      found = body.nodes.find((n) => n.id === id);
      if (found) used = j - i;
    }
    if (!found) {
      if (/^\d+$/.test(segments[i]!)) continue;
      break;
    }
    out.push({ scope, id: found.id });
    i += used - 1;
    if (found.subgraph === undefined) break;
    const inner = doc.subgraphs?.[found.subgraph];
    if (!inner) break;
    scope = found.subgraph;
    body = inner;
  }
  return out;
}

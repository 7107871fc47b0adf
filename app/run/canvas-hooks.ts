/**
 * What the canvas reads from the run: whether a node is the block being executed (or contains it,
 * for a subgraph instance) or has already run, and the summary of the tensor an edge carried.
 * Inside an open subgraph, nodes match by the last segment of the block path (`layers.1.attn` → `attn`);
 * edge summaries are shown at the top level only.
 */
import { useEditor } from '../store/use-editor.ts';
import { currentBlock, useRun, type EdgeSummary } from './run-store.ts';

const lastSegment = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** `current:<block path>`, `done` or `` for a canvas node. */
export function useRunMark(id: string): string {
  const inside = useEditor((s) => s.ui.openPath.length > 0);
  return useRun((s) => {
    const block = currentBlock(s);
    if (block && (inside ? block.node !== block.topNode && lastSegment(block.node) === id : block.topNode === id)) return `current:${block.node}`;
    return (inside ? s.done.inner : s.done.top).has(id) ? 'done' : '';
  });
}

/** The run summary of what an edge out of `source.port` carried, at the top level. */
export function useEdgeRunSummary(source: string, port: string | null | undefined): EdgeSummary | undefined {
  const inside = useEditor((s) => s.ui.openPath.length > 0);
  return useRun((s) => (inside ? undefined : (s.edges[`${source}:${port ?? ''}`] ?? s.edges[`${source}:*`])));
}

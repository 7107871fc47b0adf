/**
 * The analysis worker: shape inference and diagnostics for the editor, off the main thread, then
 * FLOPs. Receives `{ id, doc }`; answers `{ id, summary }` as soon as inference is done and, unless
 * a newer document has arrived meanwhile, `{ id, flops }` once the cost model has run.
 */
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { estimateFlops } from './flops.ts';
import { analyzeAndSummarize } from './summary.ts';

const catalogue = standardCatalogue();
let latest = 0;

self.addEventListener('message', (event: MessageEvent<{ id: number; doc: GraphDocument }>) => {
  const { id, doc } = event.data;
  latest = id;
  const summary = analyzeAndSummarize(doc, catalogue);
  self.postMessage({ id, summary });
  if (!summary.ok) return;
  // Let any newer document queued meanwhile go first: FLOPs of a stale document are not worth it.
  setTimeout(() => {
    if (id !== latest) return;
    const flops = estimateFlops(doc, catalogue, summary.parameterCount);
    if (flops) self.postMessage({ id, flops });
  }, 0);
});

/**
 * Runs analyses in a Web Worker. Requests are debounced; while one runs, only the newest waiting
 * document is kept, so a burst of edits costs at most two analyses. Shapes and diagnostics arrive
 * first; FLOPs follow in a second message and update the same summary.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Analyzer } from './analyzer.ts';
import type { FlopsEstimate } from './flops.ts';
import type { AnalysisSummary } from './summary.ts';

type Done = (summary: AnalysisSummary, doc: GraphDocument) => void;
type Reply = { id: number; summary: AnalysisSummary } | { id: number; flops: FlopsEstimate };

/** A worker-backed analyzer; `delayMs` is the debounce after the last edit. */
export function workerAnalyzer(delayMs = 60): Analyzer {
  const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'formwork-analysis' });
  let nextId = 1;
  let running: { id: number; doc: GraphDocument; done: Done } | null = null;
  let waiting: { doc: GraphDocument; done: Done } | null = null;
  let shown: { id: number; doc: GraphDocument; done: Done; summary: AnalysisSummary } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const start = () => {
    if (running || !waiting) return;
    running = { id: nextId++, ...waiting };
    waiting = null;
    worker.postMessage({ id: running.id, doc: running.doc });
  };
  worker.addEventListener('message', (event: MessageEvent<Reply>) => {
    const reply = event.data;
    if ('flops' in reply) {
      if (shown?.id !== reply.id) return;
      shown.summary = { ...shown.summary, flops: reply.flops.value, flopsNote: reply.flops.note };
      shown.done(shown.summary, shown.doc);
      return;
    }
    const job = running;
    if (!job || reply.id !== job.id) return;
    running = null;
    if (!waiting) {
      shown = { ...job, summary: reply.summary };
      job.done(reply.summary, job.doc); // (with a newer document queued, the stale answer is skipped)
    }
    start();
  });
  return {
    request(doc, done) {
      waiting = { doc, done };
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        start();
      }, delayMs);
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
      worker.terminate();
    },
  };
}

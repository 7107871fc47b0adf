/**
 * How the store gets analyses. The app uses a Web Worker (debounced, latest document wins) so
 * typing never waits for inference; tests use the synchronous one.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { analyzeAndSummarize, type AnalysisSummary } from './summary.ts';

/** Analyses documents and reports summaries, possibly later and possibly skipping stale ones. */
export interface Analyzer {
  /** Asks for an analysis of `doc`; `done` is called with its summary unless a newer request overtakes it. */
  request(doc: GraphDocument, done: (summary: AnalysisSummary, doc: GraphDocument) => void): void;
  dispose(): void;
}

/** Analyses on the calling thread, immediately. */
export function syncAnalyzer(catalogue: Catalogue): Analyzer {
  return {
    request: (doc, done) => done(analyzeAndSummarize(doc, catalogue), doc),
    dispose: () => {},
  };
}

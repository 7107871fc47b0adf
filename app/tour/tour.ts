/**
 * The seed tour: `examples/tour-NN-*.formwork.json`, 20 steps in file-name order, and for each step what
 * changed from the one before (from `diffDocuments`). Pure; the Tour bar draws it.
 */
import { diffDocuments, type DocumentDiff } from '../../graph-schema/diff.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { TEMPLATES, type Template } from '../files/templates.ts';

/** The tour templates, in order. */
export const TOUR: readonly Template[] = TEMPLATES.filter((t) => /^tour-\d+/.test(t.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The tour step (0-based) a document belongs to, matched by title; -1 if it is not a tour step. */
export function tourIndexOf(doc: GraphDocument): number {
  const title = doc.meta?.title;
  return title === undefined ? -1 : TOUR.findIndex((t) => t.title === title);
}

/** What changed from step `index - 1` to step `index` (null for the first step or a step that cannot be read). */
export function tourDiff(index: number): DocumentDiff | null {
  const prev = TOUR[index - 1]?.doc;
  const cur = TOUR[index]?.doc;
  return prev && cur ? diffDocuments(prev, cur) : null;
}

/**
 * Canvas mark keys for a step's added nodes: each added node (`id` or `subgraph/id`) and, for nodes added
 * inside a subgraph, the instances of that subgraph (so the change shows at the top level too).
 */
export function addedMarkKeys(doc: GraphDocument, diff: DocumentDiff): string[] {
  const keys = new Set(diff.added);
  const bodies: Array<[string | null, GraphDocument['nodes']]> = [[null, doc.nodes], ...Object.entries(doc.subgraphs ?? {}).map(([n, b]): [string, GraphDocument['nodes']] => [n, b.nodes])];
  let grew = true;
  while (grew) {
    grew = false;
    const changedScopes = new Set([...keys].filter((k) => k.includes('/')).map((k) => k.slice(0, k.indexOf('/'))));
    for (const [scope, nodes] of bodies)
      for (const n of nodes) {
        if (n.subgraph === undefined || !changedScopes.has(n.subgraph)) continue;
        const key = scope === null ? n.id : `${scope}/${n.id}`;
        if (!keys.has(key)) (keys.add(key), (grew = true));
      }
  }
  return [...keys];
}

export { summarizeDiff, type ChangeLine } from '../../graph-schema/diff-summary.ts';

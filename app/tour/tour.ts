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

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const clip = (s: string, n = 60): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const edge = (e: DocumentDiff['addedEdges'][number]): string => `${e.from.node}.${e.from.port} → ${e.to.node}.${e.to.port}`;

/** One line of a "what changed" list. */
export interface ChangeLine {
  readonly kind: 'added' | 'removed' | 'param' | 'edge' | 'subgraph' | 'weights';
  readonly text: string;
}

/** A diff as short lines for people: nodes added / removed, params changed, then edges, subgraphs and weights. */
export function summarizeDiff(d: DocumentDiff): ChangeLine[] {
  const lines: ChangeLine[] = [];
  if (d.added.length) lines.push({ kind: 'added', text: `added ${d.added.join(', ')}` });
  if (d.removed.length) lines.push({ kind: 'removed', text: `removed ${d.removed.join(', ')}` });
  for (const c of d.changedParams) lines.push({ kind: 'param', text: `${c.node}: ${c.param} ${clip(show(c.from))} → ${clip(show(c.to))}` });
  if (d.addedSubgraphs.length) lines.push({ kind: 'subgraph', text: `new subgraph ${d.addedSubgraphs.join(', ')}` });
  if (d.removedSubgraphs.length) lines.push({ kind: 'subgraph', text: `subgraph removed ${d.removedSubgraphs.join(', ')}` });
  if (d.addedEdges.length) lines.push({ kind: 'edge', text: `connected ${d.addedEdges.slice(0, 4).map(edge).join('; ')}${d.addedEdges.length > 4 ? ` (+${d.addedEdges.length - 4} more)` : ''}` });
  if (d.removedEdges.length) lines.push({ kind: 'edge', text: `disconnected ${d.removedEdges.slice(0, 4).map(edge).join('; ')}${d.removedEdges.length > 4 ? ` (+${d.removedEdges.length - 4} more)` : ''}` });
  if (d.changedWeights.length) lines.push({ kind: 'weights', text: `weights changed: ${d.changedWeights.slice(0, 6).join(', ')}${d.changedWeights.length > 6 ? ` (+${d.changedWeights.length - 6} more)` : ''}` });
  return lines;
}

/**
 * A document diff as short lines for people — what the editor's Tour bar shows under "What changed"
 * and what `formwork diff` prints, so the two always agree.
 */
import type { DocumentDiff } from './diff.ts';

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const clip = (s: string, n = 60): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const edge = (e: DocumentDiff['addedEdges'][number]): string => `${e.from.node}.${e.from.port} → ${e.to.node}.${e.to.port}`;

/** One line of a "what changed" list. */
export interface ChangeLine {
  readonly kind: 'renamed' | 'added' | 'removed' | 'param' | 'edge' | 'subgraph' | 'weights';
  readonly text: string;
}

/** A diff as short lines for people: nodes added / removed / renamed, params changed, then edges, subgraphs and weights. */
export function summarizeDiff(d: DocumentDiff): ChangeLine[] {
  const lines: ChangeLine[] = [];
  for (const r of d.renamed) lines.push({ kind: 'renamed', text: `renamed ${r.from} → ${r.to}` });
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

/**
 * What changed in the weights between two graphs, with numbers: every materialised weight (given in
 * the file, loaded from its .safetensors, or drawn from the seed) of both compiled plans, compared by
 * stable name. Renamed nodes carry their weights' names along, so `embed.table` → `emb.table` is one
 * tensor compared, not one removed and one added.
 */
import type { RenameChange } from '../../graph-schema/diff.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';

/** One weight that differs. `maxAbsDelta` is set when both sides have the same shape. */
export interface WeightChange {
  /** The name in `b` (or in `a` for removed weights). */
  readonly name: string;
  /** The name in `a` when it differs (a renamed node). */
  readonly was?: string;
  readonly change: 'added' | 'removed' | 'reshaped' | 'values';
  readonly shapeA?: readonly number[];
  readonly shapeB?: readonly number[];
  readonly maxAbsDelta?: number;
}

/**
 * Weight-name prefixes a rename moves (`embed.` → `emb.`; for a node inside a subgraph, every layer of
 * every instance of that subgraph in `doc`: `layers.0.attn.` → `layers.0.mha.` …).
 */
export function renamedWeightPrefixes(doc: GraphDocument, renames: readonly RenameChange[]): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (const r of renames) {
    const slash = r.from.indexOf('/');
    if (slash < 0) {
      out.push([`${r.from}.`, `${r.to}.`]);
      continue;
    }
    const subgraph = r.from.slice(0, slash);
    const [from, to] = [r.from.slice(slash + 1), r.to.slice(r.to.indexOf('/') + 1)];
    for (const node of doc.nodes) {
      if (node.subgraph !== subgraph) continue;
      out.push([`${node.id}.${from}.`, `${node.id}.${to}.`]);
      for (let i = 0; i < Math.min(node.repeat ?? 1, 4096); i++) out.push([`${node.id}.${i}.${from}.`, `${node.id}.${i}.${to}.`]);
    }
  }
  return out;
}

function renamedWeight(name: string, prefixes: ReadonlyArray<readonly [string, string]>): string {
  for (const [from, to] of prefixes) if (name.startsWith(from)) return to + name.slice(from.length);
  return name;
}

const sameShape = (x: readonly number[], y: readonly number[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);

/** max |a − b| over two tensors of the same shape (NaN against anything counts as Infinity). */
export function maxAbsDelta(a: Tensor, b: Tensor): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(Number(a.data[i]) - Number(b.data[i]));
    if (d > max || Number.isNaN(d)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

/** Weights that differ between two plans' weight tables, sorted by name; `renames` from renamedWeightPrefixes. Equal tensors are left out. */
export function diffWeightTables(a: ReadonlyMap<string, Tensor>, b: ReadonlyMap<string, Tensor>, renames: ReadonlyArray<readonly [string, string]> = []): WeightChange[] {
  const out: WeightChange[] = [];
  const seen = new Set<string>();
  for (const [nameA, x] of a) {
    const name = renamedWeight(nameA, renames);
    const was = name !== nameA ? { was: nameA } : {};
    const y = b.get(name);
    if (!y) {
      out.push({ name: nameA, change: 'removed', shapeA: x.shape });
      continue;
    }
    seen.add(name);
    if (!sameShape(x.shape, y.shape)) out.push({ name, ...was, change: 'reshaped', shapeA: x.shape, shapeB: y.shape });
    else {
      const delta = maxAbsDelta(x, y);
      if (delta > 0) out.push({ name, ...was, change: 'values', shapeA: x.shape, shapeB: y.shape, maxAbsDelta: delta });
    }
  }
  for (const [name, y] of b) if (!seen.has(name)) out.push({ name, change: 'added', shapeB: y.shape });
  return out.sort((p, q) => (p.name < q.name ? -1 : p.name > q.name ? 1 : 0));
}

/**
 * Weight differences by stable name: max |Δ| per tensor, added / removed / reshaped, and renames
 * followed only into the instances of the renamed node's own subgraph.
 */
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { diffWeightTables, maxAbsDelta, renamedWeightPrefixes } from '../../engine/diff/weights.ts';

const t = (shape: number[], data: number[]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from(data) });

describe('diffWeightTables', () => {
  it('reports values with max |Δ|, reshaped, added and removed; equal tensors are left out', () => {
    const a = new Map([['x.W', t([2], [1, 2])], ['y.W', t([2], [0, 0])], ['z.W', t([1], [5])], ['same.W', t([1], [3])]]);
    const b = new Map([['x.W', t([2], [1.5, 1.25])], ['y.W', t([1, 2], [0, 0])], ['new.W', t([3], [0, 0, 0])], ['same.W', t([1], [3])]]);
    expect(diffWeightTables(a, b)).toEqual([
      { name: 'new.W', change: 'added', shapeB: [3] },
      { name: 'x.W', change: 'values', shapeA: [2], shapeB: [2], maxAbsDelta: 0.75 },
      { name: 'y.W', change: 'reshaped', shapeA: [2], shapeB: [1, 2] },
      { name: 'z.W', change: 'removed', shapeA: [1] },
    ]);
    expect(maxAbsDelta(t([1], [Number.NaN]), t([1], [0]))).toBe(Infinity);
  });

  it('follows a rename inside a subgraph into every layer of its instances, and nowhere else', () => {
    const doc = { nodes: [{ id: 'layers', subgraph: 'dec', repeat: 2 }, { id: 'enc', subgraph: 'encoder', repeat: 1 }] } as unknown as GraphDocument;
    const prefixes = renamedWeightPrefixes(doc, [{ from: 'dec/attn', to: 'dec/mha' }]);
    const a = new Map([['layers.0.attn.W', t([1], [1])], ['layers.1.attn.W', t([1], [2])], ['enc.0.attn.W', t([1], [3])]]);
    const b = new Map([['layers.0.mha.W', t([1], [1])], ['layers.1.mha.W', t([1], [2.5])], ['enc.0.attn.W', t([1], [3])]]);
    expect(diffWeightTables(a, b, prefixes)).toEqual([{ name: 'layers.1.mha.W', was: 'layers.1.attn.W', change: 'values', shapeA: [1], shapeB: [1], maxAbsDelta: 0.5 }]);
  });
});

/**
 * Word-pair features, written once for PairOneHot and SkipPairFeatures: position matrices built
 * from the sequence length at run time, and the outer product that turns (earlier word, current
 * word) into one column of an N²-wide row. Column index = earlier · N + current, the row order the
 * engine's corpus counters (engine/fit) use for their N² × N tables.
 */
import type { Builder, Value } from '../block.ts';
import { matmul, mul, reshape } from '../ops.ts';

/**
 * A [T, T] matrix of ones restricted to a band of diagonals, T read from `ids` [B, T] at run time.
 * `below: 1` keeps the diagonal just under the main one (row t, column t−1); `below: 'all'` keeps
 * everything strictly under it (column < row).
 */
export function positionMatrix(b: Builder, ids: Value, below: 1 | 'all'): Value {
  const length = b.op('Shape', [ids], { start: 1, end: 2 }); // [1] = (T)
  const square = b.op('Concat', [length, length], { axis: 0 }); // [2] = (T, T)
  const ones = b.op('ConstantOfShape', [square], { value: 1 }); // [T, T]
  const strictlyLower = b.op('Trilu', [ones], { upper: false, k: -1 }); // [T, T]: 1 where column < row
  return below === 'all' ? strictlyLower : b.op('Trilu', [strictlyLower], { upper: true, k: -1 }); // [T, T]
}

/** Rows of `rows` [T, T] mixing the rows of `x` [B, T, N]: [T, T] · [B, T, N] → [B, T, N]. */
export function mixPositions(b: Builder, rows: Value, x: Value): Value {
  return matmul(b, rows, x); // [B, T, N]
}

/**
 * Outer product per position: `earlier` [B, T, N] and `current` [B, T, N] → [B, T, N·N], where
 * column e·N + c holds earlier[e] · current[c].
 */
export function pairFeatures(b: Builder, earlier: Value, current: Value, depth: number): Value {
  const column = b.op('Unsqueeze', [earlier], { axes: [3] }); // [B, T, N, 1]
  const row = b.op('Unsqueeze', [current], { axes: [2] }); // [B, T, 1, N]
  return reshape(b, mul(b, column, row), [0, 0, depth * depth]); // [B, T, N, N] → [B, T, N²]
}

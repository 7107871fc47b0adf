/**
 * ReduceMean / ReduceSum / ReduceMax over a set of axes (ONNX 17 semantics; empty `axes` reduces
 * everything). Sums accumulate in float64 and round once on store.
 */
import { type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { walk } from './broadcast.ts';
import { at, stridesOf } from './checks.ts';
import { reduceDims, reduceRule } from './shape-rules.ts';

/** Names of the reduction ops. */
export type ReduceOp = 'ReduceMean' | 'ReduceSum' | 'ReduceMax';

/**
 * Reduces `inputs[0]` over `axes`. The input is walked in row-major order while a second cursor
 * addresses the output slot (stride 0 along reduced axes), so any set of axes costs one pass.
 * An empty reduction gives 0 (Sum and Mean, as onnxruntime) or -Infinity (Max). Integer ReduceMean
 * truncates toward zero. Max propagates NaN (onnxruntime's result with NaN depends on position and
 * vectorization, so it is not reproducible; NaN-free inputs agree).
 */
export function reduce(op: ReduceOp, inputs: readonly Tensor[], axes: readonly number[], keepdims: boolean): Tensor {
  const type = reduceRule(op, inputs, axes, keepdims);
  const x = at(inputs, 0);
  const { reduced, count } = reduceDims(op, x.shape, axes, keepdims);
  // Output strides laid over the input's axes: 0 along reduced axes.
  const kept = x.shape.map((d, i) => (reduced[i] ? 1 : d));
  const outStrides = stridesOf(kept).map((s, i) => (reduced[i] ? 0 : s));
  const acc = new Float64Array(count === 0 ? 0 : x.data.length / count);
  const isMax = op === 'ReduceMax';
  if (isMax) acc.fill(-Infinity);
  const src = x.data;
  // walk() enumerates input positions; in-stride 1 in input order is implicit via the run offset.
  walk(x.shape, [outStrides], [0], (o, offs, steps, len) => {
    let q = offs[0]!;
    const step = steps[0]!;
    if (isMax) {
      for (let i = o; i < o + len; i++, q += step) {
        const v = src[i]!;
        if (v > acc[q]! || Number.isNaN(v)) acc[q] = v;
      }
    } else {
      for (let i = o; i < o + len; i++, q += step) acc[q] = acc[q]! + src[i]!;
    }
  });
  const out = zeros(type.dtype, type.shape);
  const dst = out.data;
  if (count === 0) {
    // Nothing folded in: every output slot is the identity of the reduction.
    dst.fill(isMax ? -Infinity : 0);
    return out;
  }
  const isInt = type.dtype === 'int64';
  for (let i = 0; i < dst.length; i++) {
    const v = op === 'ReduceMean' ? acc[i]! / count : acc[i]!;
    dst[i] = isInt ? Math.trunc(v) : v;
  }
  return out;
}

/**
 * Shape-related kernels: Shape, ConstantOfShape, Trilu.
 */
import { type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { arity, at, intVector, prod } from './checks.ts';
import { constantOfShapeRule, shapeRange, shapeRule } from './layout-rules.ts';
import { triluRule } from './shape-rules.ts';

/** Shape(x)[start:end] → int64 1-D (ONNX 15: negative bounds wrap, then clamp to [0, rank]). */
export function shape(inputs: readonly Tensor[], start: number, end: number | undefined): Tensor {
  const type = shapeRule('Shape', inputs, start, end);
  const x = at(inputs, 0);
  const [lo, hi] = shapeRange(x.shape.length, start, end);
  const out = zeros(type.dtype, type.shape); // [hi - lo]
  for (let i = lo; i < hi; i++) out.data[i - lo] = x.shape[i]!;
  return out;
}

/** ConstantOfShape(shape: int64[r]) → float32 of that shape filled with `value` (r = 0: a scalar). */
export function constantOfShape(inputs: readonly Tensor[], value: number): Tensor {
  arity('ConstantOfShape', inputs, 1);
  const dims = intVector('ConstantOfShape', 'shape', at(inputs, 0));
  const type = constantOfShapeRule('ConstantOfShape', inputs, dims);
  const out = zeros(type.dtype, type.shape);
  out.data.fill(value);
  return out;
}

/**
 * Trilu(upper, k) on the last two axes [..., R, C]: keeps element (r, c) when c − r ≥ k (upper) or
 * c − r ≤ k (lower) and zeroes the rest. Any dtype.
 */
export function trilu(inputs: readonly Tensor[], upper: boolean, k: number): Tensor {
  const type = triluRule('Trilu', inputs, k);
  const x = at(inputs, 0);
  const rank = x.shape.length;
  const R = x.shape[rank - 2]!;
  const C = x.shape[rank - 1]!;
  const batch = prod(x.shape, 0, rank - 2);
  const out = zeros(type.dtype, type.shape); // [..., R, C]
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < R; r++) {
      const row = (b * R + r) * C;
      // Kept columns form one contiguous range [c0, c1).
      const c0 = upper ? Math.min(C, Math.max(0, r + k)) : 0;
      const c1 = upper ? C : Math.min(C, Math.max(0, r + k + 1));
      out.data.set(x.data.subarray(row + c0, row + c1), row + c0);
    }
  }
  return out;
}

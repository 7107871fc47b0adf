/**
 * Data-movement kernels: Transpose, Reshape, Unsqueeze, Concat, Slice, Gather. They never alias
 * their input: every output owns a fresh buffer.
 */
import { type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { stridedCopy } from './broadcast.ts';
import { arity, at, fail, fmt, intVector, normalizeAxis, prod, stridesOf } from './checks.ts';
import {
  concatRule, gatherRule, reshapeTarget, sliceBounds, sliceRule, transposeRule, unsqueezeShape,
} from './layout-rules.ts';
import { ANY, unaryRule } from './shape-rules.ts';

/** Transpose(perm): output axis i is input axis perm[i]. */
export function transpose(inputs: readonly Tensor[], perm: readonly number[]): Tensor {
  const type = transposeRule('Transpose', inputs, perm);
  const x = at(inputs, 0);
  const out = zeros(type.dtype, type.shape); // [x.shape[perm[0]], x.shape[perm[1]], …]
  const inStrides = stridesOf(x.shape);
  stridedCopy(x.data, perm.map((p) => inStrides[p]!), 0, out.data, type.shape);
  return out;
}

/** Copies `x` under a new shape of the same size. */
function withShape(x: Tensor, shape: readonly number[]): Tensor {
  const out = zeros(x.dtype, shape);
  out.data.set(x.data);
  return out;
}

/** Reshape(shape) with ONNX allowzero=0: 0 copies the input dim, -1 is inferred. */
export function reshape(inputs: readonly Tensor[], shape: readonly number[]): Tensor {
  unaryRule('Reshape', inputs, ANY);
  const x = at(inputs, 0);
  return withShape(x, reshapeTarget('Reshape', x.shape, shape));
}

/** Unsqueeze(axes): inserts size-1 dims at `axes` (indices into the output). */
export function unsqueeze(inputs: readonly Tensor[], axes: readonly number[]): Tensor {
  unaryRule('Unsqueeze', inputs, ANY);
  const x = at(inputs, 0);
  return withShape(x, unsqueezeShape('Unsqueeze', x.shape, axes));
}

/** Concat(axis) of one or more tensors that agree on every other dim. */
export function concat(inputs: readonly Tensor[], axis: number): Tensor {
  const type = concatRule('Concat', inputs, axis);
  const ax = normalizeAxis('Concat', axis, type.shape.length);
  const out = zeros(type.dtype, type.shape);
  // View every tensor as [outer, chunk]; the output chunk is the sum of the input chunks.
  const outer = prod(type.shape, 0, ax);
  const outChunk = prod(type.shape, ax);
  let offset = 0; // where the current input's chunk starts inside an output chunk
  for (const t of inputs) {
    const chunk = prod(t.shape, ax);
    for (let o = 0; o < outer; o++) out.data.set(t.data.subarray(o * chunk, (o + 1) * chunk), o * outChunk + offset);
    offset += chunk;
  }
  return out;
}

/** Slice(data, starts: int64[n], ends: int64[n]) on `axes` with step 1 (ONNX clamping). */
export function slice(inputs: readonly Tensor[], axes: readonly number[]): Tensor {
  arity('Slice', inputs, 3);
  const starts = intVector('Slice', 'starts', at(inputs, 1));
  const ends = intVector('Slice', 'ends', at(inputs, 2));
  const type = sliceRule('Slice', inputs, axes, starts, ends);
  const x = at(inputs, 0);
  const { begin } = sliceBounds('Slice', x.shape, axes, starts, ends);
  const strides = stridesOf(x.shape);
  const base = begin.reduce((acc, b, i) => acc + b * strides[i]!, 0);
  const out = zeros(type.dtype, type.shape);
  stridedCopy(x.data, strides, base, out.data, type.shape);
  return out;
}

/**
 * Gather(data, indices: int64) along `axis`. Negative indices count from the end; an index outside
 * [-dim, dim) is a RangeError.
 */
export function gather(inputs: readonly Tensor[], axis: number): Tensor {
  const type = gatherRule('Gather', inputs, axis);
  const data = at(inputs, 0);
  const idx = at(inputs, 1);
  const ax = normalizeAxis('Gather', axis, data.shape.length);
  // data viewed as [outer, dim, inner]; output as [outer, n, inner] with n = indices.size.
  const outer = prod(data.shape, 0, ax);
  const dim = data.shape[ax]!;
  const inner = prod(data.shape, ax + 1);
  const n = idx.data.length;
  const out = zeros(type.dtype, type.shape);
  for (let j = 0; j < n; j++) {
    const raw = idx.data[j]!;
    const k = raw < 0 ? raw + dim : raw;
    if (k < 0 || k >= dim) fail('Gather', `index ${raw} is out of range for axis ${axis} of ${fmt(data.shape)}`);
    for (let o = 0; o < outer; o++) {
      const from = (o * dim + k) * inner;
      out.data.set(data.data.subarray(from, from + inner), (o * n + j) * inner);
    }
  }
  return out;
}

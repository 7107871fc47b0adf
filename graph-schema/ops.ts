/**
 * Small helpers over `Builder.op` so block lowerings read like maths. Each is one primitive op
 * (or a fixed short composition), written once here for every block.
 */
import type { Builder, Value } from './block.ts';
import { float32, int64 } from './tensor.ts';

export const matmul = (b: Builder, x: Value, y: Value) => b.op('MatMul', [x, y], {});
export const add = (b: Builder, x: Value, y: Value) => b.op('Add', [x, y], {});
export const sub = (b: Builder, x: Value, y: Value) => b.op('Sub', [x, y], {});
export const mul = (b: Builder, x: Value, y: Value) => b.op('Mul', [x, y], {});
export const div = (b: Builder, x: Value, y: Value) => b.op('Div', [x, y], {});
export const relu = (b: Builder, x: Value) => b.op('Relu', [x], {});
export const softmax = (b: Builder, x: Value, axis = -1) => b.op('Softmax', [x], { axis });
export const transpose = (b: Builder, x: Value, perm: readonly number[]) => b.op('Transpose', [x], { perm });
export const reshape = (b: Builder, x: Value, shape: readonly number[]) => b.op('Reshape', [x], { shape });
export const reduceMean = (b: Builder, x: Value, axes: readonly number[], keepdims = true) => b.op('ReduceMean', [x], { axes, keepdims });

/** A float32 scalar constant. */
export const scalar = (b: Builder, v: number) => b.constant(float32([], [v]));
/** An int64 vector constant. */
export const ints = (b: Builder, values: readonly number[]) => b.constant(int64([values.length], values));

/** Swaps the last two axes of a rank-`rank` tensor. */
export function transposeLast2(b: Builder, x: Value, rank: number): Value {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return transpose(b, x, perm);
}

/** x·W (+ bias): the dense layer used by Linear, attention projections and feed-forward. */
export function dense(b: Builder, x: Value, w: Value, bias?: Value): Value {
  const y = matmul(b, x, w);
  return bias ? add(b, y, bias) : y;
}

/** Element-wise Erf. */
export const erf = (b: Builder, x: Value) => b.op('Erf', [x], {});
/** Element-wise square root. */
export const sqrt = (b: Builder, x: Value) => b.op('Sqrt', [x], {});

/** Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (PyTorch's default, not the tanh approximation). */
export function gelu(b: Builder, x: Value): Value {
  const cdf = add(b, erf(b, mul(b, x, scalar(b, Math.SQRT1_2))), scalar(b, 1)); // 1 + erf(x/√2)
  return mul(b, mul(b, x, cdf), scalar(b, 0.5));
}

/**
 * The concrete size of a bound symbol (`d_model`) from `LowerContext.dims`. Blocks whose `check`
 * already demands a fixed size call this in `lower`, so a symbolic size here is a programming error.
 */
export function fixedDim(dims: Readonly<Record<string, number | string>>, name: string): number {
  const d = dims[name];
  if (typeof d !== 'number') throw new Error(`dimension '${name}' must be a fixed size here, got ${String(d)}`);
  return d;
}

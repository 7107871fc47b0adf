/**
 * The CPU kernel table: one kernel per primitive op. Typed `satisfies` a mapped type over `PrimOp`, so
 * adding an op to `graph-schema/primitives.ts` without a kernel fails to compile. MatMul runs the
 * WebAssembly SIMD GEMM on float32 (plain-JS tiled fallback; matmul.ts), everything else plain JS.
 *
 * Contract of every kernel: inputs are never mutated, the output owns a fresh buffer, and impossible
 * input (wrong arity, dtype or shape) throws a `RangeError` whose message starts with the op name.
 */
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { arithmetic, unary } from './elementwise.ts';
import { argMax, cast, equal, oneHot, where } from './index-ops.ts';
import { concat, gather, reshape, slice, transpose, unsqueeze } from './layout-ops.ts';
import { matmul } from './matmul.ts';
import { reduce } from './reduce.ts';
import { constantOfShape, shape, trilu } from './shape-ops.ts';
import { softmax } from './softmax.ts';

/** A kernel: input tensors (in the op's input order) and the op's attributes → the single output. */
export type Kernel<K extends PrimOp> = (inputs: readonly Tensor[], attrs: PrimAttrs[K]) => Tensor;

/** The CPU kernel of every primitive op. */
export const CPU_KERNELS = {
  MatMul: (inputs, _attrs) => matmul(inputs),
  Add: (inputs, _attrs) => arithmetic('Add', inputs),
  Sub: (inputs, _attrs) => arithmetic('Sub', inputs),
  Mul: (inputs, _attrs) => arithmetic('Mul', inputs),
  Div: (inputs, _attrs) => arithmetic('Div', inputs),
  Relu: (inputs, _attrs) => unary('Relu', inputs),
  Exp: (inputs, _attrs) => unary('Exp', inputs),
  Sqrt: (inputs, _attrs) => unary('Sqrt', inputs),
  Erf: (inputs, _attrs) => unary('Erf', inputs),
  Tanh: (inputs, _attrs) => unary('Tanh', inputs),
  Sigmoid: (inputs, _attrs) => unary('Sigmoid', inputs),
  Identity: (inputs, _attrs) => unary('Identity', inputs),
  Softmax: (inputs, { axis }) => softmax(inputs, axis),
  ReduceMean: (inputs, { axes, keepdims }) => reduce('ReduceMean', inputs, axes, keepdims),
  ReduceSum: (inputs, { axes, keepdims }) => reduce('ReduceSum', inputs, axes, keepdims),
  ReduceMax: (inputs, { axes, keepdims }) => reduce('ReduceMax', inputs, axes, keepdims),
  Transpose: (inputs, { perm }) => transpose(inputs, perm),
  Reshape: (inputs, attrs) => reshape(inputs, attrs.shape),
  Unsqueeze: (inputs, { axes }) => unsqueeze(inputs, axes),
  Concat: (inputs, { axis }) => concat(inputs, axis),
  Gather: (inputs, { axis }) => gather(inputs, axis),
  OneHot: (inputs, { depth }) => oneHot(inputs, depth),
  Slice: (inputs, { axes }) => slice(inputs, axes),
  Shape: (inputs, { start, end }) => shape(inputs, start, end),
  ConstantOfShape: (inputs, { value }) => constantOfShape(inputs, value),
  Trilu: (inputs, { upper, k }) => trilu(inputs, upper, k),
  ArgMax: (inputs, { axis, keepdims }) => argMax(inputs, axis, keepdims),
  Cast: (inputs, { to }) => cast(inputs, to),
  Equal: (inputs, _attrs) => equal(inputs),
  Where: (inputs, _attrs) => where(inputs),
} satisfies { [K in PrimOp]: Kernel<K> };

const TABLE: { readonly [K in PrimOp]: Kernel<K> } = CPU_KERNELS;

/** Runs the CPU kernel of `op` (convenience for callers holding a generic op name). */
export function runKernel<K extends PrimOp>(op: K, inputs: readonly Tensor[], attrs: PrimAttrs[K]): Tensor {
  const kernel: Kernel<K> = TABLE[op];
  return kernel(inputs, attrs);
}

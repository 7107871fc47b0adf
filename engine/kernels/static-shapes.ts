/**
 * Static output types and FLOP counts of every primitive op, for the cost model and the ONNX
 * exporter. The shape functions are the very rules the CPU kernels validate with
 * (`shape-rules.ts`, `layout-rules.ts`), so a static shape always matches the kernel's output.
 *
 * FLOP convention: a multiply-add is 2; other elementwise arithmetic, comparisons and
 * transcendental functions (exp, erf, tanh, sigmoid, sqrt) are 1 per element; pure data movement
 * (layout ops, Identity, Cast, Trilu, OneHot, Shape, ConstantOfShape) is 0.
 */
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import { type DType, sizeOf, type Tensor } from '../../graph-schema/tensor.ts';
import { at, expectDType, fail, fmt, intVector, type OutType } from './checks.ts';
import { runKernel } from './cpu.ts';
import {
  concatRule, constantOfShapeRule, gatherRule, reshapeTarget, shapeRange, shapeRule, sliceRule, transposeRule,
  unsqueezeShape,
} from './layout-rules.ts';
import {
  ANY, argMaxRule, arithmeticRule, castRule, equalRule, FLOAT, matmulDims, matmulRule, NUMERIC, oneHotRule,
  reduceRule, softmaxRule, triluRule, unaryRule, whereRule,
} from './shape-rules.ts';

/**
 * Static output type from input types. `value` is present for small int64 inputs whose value is
 * known (e.g. from Shape), so Slice/Reshape/ConstantOfShape can be resolved.
 */
export interface StaticInput {
  dtype: DType;
  shape: readonly number[];
  value?: Tensor;
}

/** A static output type; `value` is set when it is a small int64 tensor known without running the model. */
export interface StaticOutput {
  dtype: DType;
  shape: readonly number[];
  value?: Tensor;
}

/** The static rule of one op. Both functions throw the kernel's RangeError on impossible input. */
export interface StaticRule<K extends PrimOp> {
  /** Output dtype and shape (and value, when it can be folded). */
  shape(inputs: readonly StaticInput[], attrs: PrimAttrs[K]): StaticOutput;
  /** Floating-point operations of one application, given the output shape. */
  flops(inputs: readonly StaticInput[], outShape: readonly number[], attrs: PrimAttrs[K]): number;
}

/** int64 outputs of at most this many elements are constant-folded when every input value is known. */
export const FOLD_LIMIT = 64;

type ShapeFn<K extends PrimOp> = (inputs: readonly StaticInput[], attrs: PrimAttrs[K]) => OutType | StaticOutput;
type FlopsFn<K extends PrimOp> = StaticRule<K>['flops'];

/** Wraps a shape rule with constant folding of small int64 outputs. */
function rule<K extends PrimOp>(op: K, shape: ShapeFn<K>, flops: FlopsFn<K>): StaticRule<K> {
  return {
    shape(inputs, attrs) {
      const out: StaticOutput = { ...shape(inputs, attrs) };
      if (out.value !== undefined || out.dtype !== 'int64' || sizeOf(out.shape) > FOLD_LIMIT) return out;
      const values: Tensor[] = [];
      for (const x of inputs) {
        if (x.value === undefined) return out;
        values.push(x.value);
      }
      return { ...out, value: runKernel(op, values, attrs) };
    },
    flops,
  };
}

/** The known value of an int64 input (Slice bounds, ConstantOfShape's shape), or a RangeError. */
function known(op: string, what: string, x: StaticInput): number[] {
  expectDType(op, what, x, ['int64']);
  if (x.shape.length !== 1) fail(op, `${what} must be 1-D, got shape ${fmt(x.shape)}`);
  if (x.value === undefined) fail(op, `${what} must be known statically (e.g. computed from Shape or a constant)`);
  return intVector(op, what, x.value);
}

const size = sizeOf;
const perOutput = (_: readonly StaticInput[], out: readonly number[]): number => size(out);
const perInput = (inputs: readonly StaticInput[]): number => size(at(inputs, 0).shape);
const none = (): number => 0;

/** The static rule of every primitive op. */
export const PRIM_STATIC = {
  MatMul: rule('MatMul', (inputs) => matmulRule('MatMul', inputs), (inputs, out) => {
    const { K } = matmulDims('MatMul', at(inputs, 0), at(inputs, 1));
    return 2 * size(out) * K; // batch·M·N outputs, K multiply-adds each
  }),
  Add: rule('Add', (inputs) => arithmeticRule('Add', inputs), perOutput),
  Sub: rule('Sub', (inputs) => arithmeticRule('Sub', inputs), perOutput),
  Mul: rule('Mul', (inputs) => arithmeticRule('Mul', inputs), perOutput),
  Div: rule('Div', (inputs) => arithmeticRule('Div', inputs), perOutput),
  Relu: rule('Relu', (inputs) => unaryRule('Relu', inputs, FLOAT), perOutput),
  Exp: rule('Exp', (inputs) => unaryRule('Exp', inputs, FLOAT), perOutput),
  Sqrt: rule('Sqrt', (inputs) => unaryRule('Sqrt', inputs, FLOAT), perOutput),
  Erf: rule('Erf', (inputs) => unaryRule('Erf', inputs, FLOAT), perOutput),
  Tanh: rule('Tanh', (inputs) => unaryRule('Tanh', inputs, FLOAT), perOutput),
  Sigmoid: rule('Sigmoid', (inputs) => unaryRule('Sigmoid', inputs, FLOAT), perOutput),
  Identity: rule('Identity', (inputs) => unaryRule('Identity', inputs, ANY), none),
  // max, subtract, exp, sum, divide: 5 per element.
  Softmax: rule('Softmax', (inputs, { axis }) => softmaxRule('Softmax', inputs, axis), (_, out) => 5 * size(out)),
  ReduceMean: rule(
    'ReduceMean',
    (inputs, { axes, keepdims }) => reduceRule('ReduceMean', inputs, axes, keepdims),
    (inputs, out) => perInput(inputs) + size(out), // the adds, then one division per output
  ),
  ReduceSum: rule('ReduceSum', (inputs, { axes, keepdims }) => reduceRule('ReduceSum', inputs, axes, keepdims), perInput),
  ReduceMax: rule('ReduceMax', (inputs, { axes, keepdims }) => reduceRule('ReduceMax', inputs, axes, keepdims), perInput),
  Transpose: rule('Transpose', (inputs, { perm }) => transposeRule('Transpose', inputs, perm), none),
  Reshape: rule('Reshape', (inputs, attrs) => {
    const x = unaryRule('Reshape', inputs, ANY);
    return { dtype: x.dtype, shape: reshapeTarget('Reshape', x.shape, attrs.shape) };
  }, none),
  Unsqueeze: rule('Unsqueeze', (inputs, { axes }) => {
    const x = unaryRule('Unsqueeze', inputs, ANY);
    return { dtype: x.dtype, shape: unsqueezeShape('Unsqueeze', x.shape, axes) };
  }, none),
  Concat: rule('Concat', (inputs, { axis }) => concatRule('Concat', inputs, axis), none),
  Gather: rule('Gather', (inputs, { axis }) => gatherRule('Gather', inputs, axis), none),
  OneHot: rule('OneHot', (inputs, { depth }) => oneHotRule('OneHot', inputs, depth), none),
  Slice: rule('Slice', (inputs, { axes }) => {
    if (inputs.length !== 3) return sliceRule('Slice', inputs, axes, [], []); // reports the arity
    const starts = known('Slice', 'starts', at(inputs, 1));
    const ends = known('Slice', 'ends', at(inputs, 2));
    return sliceRule('Slice', inputs, axes, starts, ends);
  }, none),
  Shape: rule('Shape', (inputs, { start, end }) => {
    const out = shapeRule('Shape', inputs, start, end);
    const dims = at(inputs, 0).shape;
    const [lo, hi] = shapeRange(dims.length, start, end);
    const value: Tensor = { dtype: 'int64', shape: [hi - lo], data: Int32Array.from(dims.slice(lo, hi)) };
    return { ...out, value };
  }, none),
  ConstantOfShape: rule('ConstantOfShape', (inputs) => {
    if (inputs.length !== 1) return constantOfShapeRule('ConstantOfShape', inputs, []); // reports the arity
    return constantOfShapeRule('ConstantOfShape', inputs, known('ConstantOfShape', 'shape', at(inputs, 0)));
  }, none),
  Trilu: rule('Trilu', (inputs, { k }) => triluRule('Trilu', inputs, k), none),
  ArgMax: rule('ArgMax', (inputs, { axis, keepdims }) => argMaxRule('ArgMax', inputs, axis, keepdims), perInput),
  Cast: rule('Cast', (inputs, { to }) => castRule('Cast', inputs, to), none),
  Equal: rule('Equal', (inputs) => equalRule('Equal', inputs), perOutput),
  Where: rule('Where', (inputs) => whereRule('Where', inputs), perOutput),
} satisfies { [K in PrimOp]: StaticRule<K> };

const STATIC_TABLE: { readonly [K in PrimOp]: StaticRule<K> } = PRIM_STATIC;

/** Static output of `op` (convenience for callers holding a generic op name). */
export function staticOutput<K extends PrimOp>(op: K, inputs: readonly StaticInput[], attrs: PrimAttrs[K]): StaticOutput {
  const r: StaticRule<K> = STATIC_TABLE[op];
  return r.shape(inputs, attrs);
}

/** FLOPs of one application of `op`. */
export function staticFlops<K extends PrimOp>(op: K, inputs: readonly StaticInput[], attrs: PrimAttrs[K]): number {
  const r: StaticRule<K> = STATIC_TABLE[op];
  return r.flops(inputs, r.shape(inputs, attrs).shape, attrs);
}

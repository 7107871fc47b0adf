/**
 * The one list of primitive op definitions, typed over every `PrimOp` so a missing op fails to compile,
 * and the generic entry points the rest of the engine calls: run a kernel, type a value statically
 * (with constant folding), count FLOPs, lower to ONNX, spell in PyTorch, classify position mixing.
 */
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import { sizeOf, type DType, type Tensor } from '../../graph-schema/tensor.ts';
import type { NodeProto } from '../onnx/onnx_pb.ts';
import type { PlanStep } from '../compile/plan.ts';
import type { TorchContext } from '../pytorch/torch-expr.ts';
import { Add, Div, Mul, Sub } from './arithmetic.ts';
import { ArgMax } from './arg-max.ts';
import { Cast } from './cast.ts';
import { Concat } from './concat.ts';
import { ConstantOfShape } from './constant-of-shape.ts';
import { Cos } from './cos.ts';
import { sequenceAxes, type MixingContext, type OnnxContext, type OpDefinition, type StaticType } from './define-op.ts';
import { Equal } from './equal.ts';
import { Gather } from './gather.ts';
import { Gelu } from './gelu.ts';
import { LayerNormalization } from './layer-normalization.ts';
import { Log } from './log.ts';
import { MatMul } from './matmul.ts';
import { MatMulAdd } from './matmul-add.ts';
import { MatMulTransposed } from './matmul-transposed.ts';
import { MaskedSoftmax } from './masked-softmax.ts';
import { Max, Min } from './max-min.ts';
import { Neg } from './neg.ts';
import { OneHot } from './one-hot.ts';
import { Pow } from './pow.ts';
import { ReduceMax, ReduceMean, ReduceSum } from './reduce.ts';
import { Reshape } from './reshape.ts';
import { Shape } from './shape.ts';
import { Sin } from './sin.ts';
import { Slice } from './slice.ts';
import { Softmax } from './softmax.ts';
import { Transpose } from './transpose.ts';
import { Trilu } from './trilu.ts';
import { Erf, Exp, Identity, Relu, Sigmoid, Sqrt, Tanh } from './unary.ts';
import { Unsqueeze } from './unsqueeze.ts';
import { Where } from './where.ts';

export type { OpDefinition, StaticType, SymbolicDim, SymbolicShape, Vjp, VjpContext } from './define-op.ts';

/** Every primitive op's definition. */
export const OPS: { readonly [K in PrimOp]: OpDefinition<K> } = {
  MatMul, Add, Sub, Mul, Div, Relu, Exp, Sqrt, Erf, Tanh, Sigmoid, Identity, Neg, Log, Sin, Cos, Pow, Max, Min,
  Softmax, ReduceMean, ReduceSum, ReduceMax, Transpose, Reshape, Unsqueeze, Concat, Gather, OneHot, Slice, Shape,
  ConstantOfShape, Trilu, ArgMax, Cast, Equal, Where, Gelu, LayerNormalization, MatMulAdd, MatMulTransposed,
  MaskedSoftmax,
};

/** The definition of `op`, with its attribute type erased (for callers holding a generic step). */
export function opDefinition(op: PrimOp): OpDefinition<PrimOp> {
  // Each entry takes exactly the attributes of its own op; the registry's type guarantees it.
  return OPS[op] as unknown as OpDefinition<PrimOp>;
}

/** int64 outputs of at most this many elements are constant-folded when every input value is known. */
export const FOLD_LIMIT = 64;

/** Runs the reference kernel of `op`. Impossible input throws a RangeError starting with the op name. */
export function runOp<K extends PrimOp>(op: K, inputs: readonly Tensor[], attrs: PrimAttrs[K]): Tensor {
  return opDefinition(op).kernel(inputs, attrs as PrimAttrs[PrimOp]);
}

/** The output dtype of `op` from its input dtypes. */
export function outputDtype<K extends PrimOp>(op: K, inputs: readonly DType[], attrs: PrimAttrs[K]): DType {
  return opDefinition(op).dtype(inputs, attrs as PrimAttrs[PrimOp]);
}

/** Static output type of `op`, folding small int64 outputs whose inputs are all known. */
export function staticOutput<K extends PrimOp>(op: K, inputs: readonly StaticType[], attrs: PrimAttrs[K]): StaticType {
  const def = opDefinition(op);
  const out = def.shape(inputs, attrs as PrimAttrs[PrimOp]);
  if (out.value !== undefined || out.dtype !== 'int64' || sizeOf(out.shape) > FOLD_LIMIT) return out;
  const values: Tensor[] = [];
  for (const x of inputs) {
    if (x.value === undefined) return out;
    values.push(x.value);
  }
  return { ...out, value: def.kernel(values, attrs as PrimAttrs[PrimOp]) };
}

/** FLOPs of one application of `op`. */
export function staticFlops<K extends PrimOp>(op: K, inputs: readonly StaticType[], attrs: PrimAttrs[K]): number {
  const def = opDefinition(op);
  return def.flops(inputs, def.shape(inputs, attrs as PrimAttrs[PrimOp]).shape, attrs as PrimAttrs[PrimOp]);
}

/** ONNX nodes of one plan step. */
export function lowerStep(step: PlanStep, ctx: OnnxContext): NodeProto[] {
  return opDefinition(step.op).onnx(step.attrs as PrimAttrs[PrimOp], ctx);
}

/** How `step` relates sequence positions to each other, or null when it treats each position on its own. */
export function positionMixing(step: PlanStep, ctx: MixingContext): string | null {
  if (sequenceAxes(ctx.output).length > 1) return `${step.op} makes a [T, T] position-by-position tensor`;
  return opDefinition(step.op).mixing(step.attrs as PrimAttrs[PrimOp], ctx);
}

/** The PyTorch expression of one plan step (PyTorch export). */
export function torchExpression(step: PlanStep, ctx: TorchContext): string {
  return opDefinition(step.op).torch(step.attrs as PrimAttrs[PrimOp], ctx);
}

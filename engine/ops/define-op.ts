/**
 * `defineOp`: a primitive op is defined once. Everything the engine knows about an op — its dtype rule,
 * its shape rule (with constant folding of small int64 results), its FLOP count, its reference CPU kernel,
 * its ONNX lowering, how it relates sequence positions, and its vector-Jacobian product written in other
 * primitive ops — lives in one `defineOp({...})` value in one file of this folder. The compiler, the
 * interpreter, the cost model, the ONNX exporter, the decoding checks and autograd read these
 * definitions; none of them switches over op names.
 */
import type { TorchContext } from '../pytorch/torch-expr.ts';
import type { Builder, Value } from '../../graph-schema/block.ts';
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { DType, Tensor } from '../../graph-schema/tensor.ts';
import type { NodeProto } from '../onnx/onnx_pb.ts';

/** The static type of a value: dtype and concrete shape, and for small int64 values their contents. */
export interface StaticType {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** The value itself, when it is a small int64 tensor known without running the model (e.g. from Shape). */
  readonly value?: Tensor;
}

/** A symbolic dimension: a size, a graph symbol (`'T'`), or `null` when no single symbol describes it. */
export type SymbolicDim = number | string | null;
/** A symbolic shape, or `null` when even the rank is unknown. */
export type SymbolicShape = readonly SymbolicDim[] | null;

/** What an op's ONNX lowering may use besides its attributes. */
export interface OnnxContext {
  /** Target opset of the default domain. */
  readonly opset: number;
  /** ONNX value names of the step's inputs, in the step's input order. */
  readonly inputs: readonly string[];
  /** ONNX value name the step's output must be written to. */
  readonly output: string;
  /** Name for the (first) ONNX node, e.g. `layers.0.attn/MatMul_3`. */
  readonly nodeName: string;
  /** Adds an int64 initializer named `<nodeName>:<role>` and returns that name. `dims` defaults to 1-D. */
  int64Initializer(role: string, values: readonly number[], dims?: readonly number[]): string;
  /** Adds a float32 initializer named `<nodeName>:<role>` and returns that name. `dims` defaults to 1-D. */
  float32Initializer(role: string, values: readonly number[], dims?: readonly number[]): string;
}

/** What a position-mixing rule sees: the symbolic shapes of the step's inputs and output. */
export interface MixingContext {
  readonly inputs: readonly SymbolicShape[];
  readonly output: SymbolicShape;
}

/**
 * What a vector-Jacobian product receives. `grad` is dL/d(output); the rule returns dL/d(input) for every
 * input whose `needs[i]` is true (null elsewhere), built from primitive ops through `b`. Shapes are
 * concrete: autograd runs on a plan whose graph symbols have sizes.
 */
export interface VjpContext<K extends PrimOp> {
  readonly b: Builder;
  readonly attrs: PrimAttrs[K];
  readonly inputs: readonly Value[];
  readonly output: Value;
  readonly grad: Value;
  readonly needs: readonly boolean[];
  /** Concrete static type of any value of the plan (inputs, output, and values the rule built). */
  readonly type: (v: Value) => StaticType;
}

/** A vector-Jacobian product, or a reason why the op has none (integer outputs, data movement of indices). */
export type Vjp<K extends PrimOp> = ((ctx: VjpContext<K>) => readonly (Value | null)[]) | { readonly none: string };

/** Everything about one primitive op. */
export interface OpDefinition<K extends PrimOp> {
  readonly name: K;
  /** Output dtype from input dtypes, before any shape is known (the plan types every value with it). */
  dtype(inputs: readonly DType[], attrs: PrimAttrs[K]): DType;
  /**
   * The one shape rule: output dtype and shape from the inputs' static types, throwing a `RangeError`
   * starting with the op name on impossible input. The CPU kernel sizes its output with it, the cost model
   * and `inspect` propagate concrete shapes with it, and symbolic shapes are derived from it (symbolic.ts).
   * A returned `value` is a folded constant; otherwise small int64 outputs are folded by running the kernel.
   */
  shape(inputs: readonly StaticType[], attrs: PrimAttrs[K]): StaticType;
  /** Floating-point operations of one application, given the inputs and the output shape. */
  flops(inputs: readonly StaticType[], output: readonly number[], attrs: PrimAttrs[K]): number;
  /** The reference CPU kernel: never mutates its inputs, returns a fresh output. */
  kernel(inputs: readonly Tensor[], attrs: PrimAttrs[K]): Tensor;
  /** ONNX nodes computing the op from `ctx.inputs` into `ctx.output`. */
  onnx(attrs: PrimAttrs[K], ctx: OnnxContext): NodeProto[];
  /** The op as one PyTorch expression over its input expressions (PyTorch export). */
  torch(attrs: PrimAttrs[K], ctx: TorchContext): string;
  /**
   * How the op relates sequence positions (axis `T`) to each other: `null` when each position is
   * computed on its own, else a short reason. Decoding plans reject blocks with mixing steps.
   */
  mixing(attrs: PrimAttrs[K], ctx: MixingContext): string | null;
  /** Gradient of the inputs from the gradient of the output, written in primitive ops. */
  vjp: Vjp<K>;
  /**
   * True when the output holds input 0's elements in the same order (only the shape changes): a runner
   * that knows input 0 is read by nobody after this step may hand its buffer over instead of copying.
   */
  readonly sameElements?: boolean;
}

/** Declares an op. Typing only: the definition is returned as is. */
export function defineOp<K extends PrimOp>(def: OpDefinition<K>): OpDefinition<K> {
  return def;
}

/** The sequence axis decoding steps along. */
export const SEQUENCE = 'T';

/** Axes of a symbolic shape that are the sequence axis. */
export function sequenceAxes(shape: SymbolicShape | undefined): number[] {
  return (shape ?? []).flatMap((d, i) => (d === SEQUENCE ? [i] : []));
}

/** True when `axis` of the first input is the sequence axis. */
export function onSequence(ctx: MixingContext, axis: number): boolean {
  const x = ctx.inputs[0];
  if (!x) return false;
  return x[axis < 0 ? axis + x.length : axis] === SEQUENCE;
}

/** The position-mixing rule of ops that treat every element on its own. */
export const independent = (): null => null;

/**
 * How each primitive op becomes ONNX nodes. Why a table: the exporter never switches over ops, and
 * `satisfies OnnxLoweringTable` makes a primitive without a lowering (or a stray extra entry) a compile error.
 *
 * Our prims keep attribute-like inputs as attributes (graph-schema/primitives.ts); ONNX wants several of them
 * as int64 tensor inputs, which a lowering adds through `ctx.int64Initializer` under deterministic names.
 */
import type { PrimOp } from '../../graph-schema/primitives.ts';
import type { PlanStep } from '../plan.ts';
import type { AttributeProto, NodeProto } from './onnx_pb.ts';
import { ONNX_DTYPE, attr, float32TensorProto, nodeProto } from './protos.ts';

/** The plan step of one primitive op, with its attributes typed. */
export type StepOf<K extends PrimOp> = Extract<PlanStep, { readonly op: K }>;

/** What a lowering may use besides its step. */
export interface LoweringContext {
  /** Target opset of the default domain. */
  readonly opset: number;
  /** ONNX value names of the step's inputs, in the step's input order. */
  readonly inputs: readonly string[];
  /** ONNX value name the step's output must be written to. */
  readonly output: string;
  /** Name for the (first) ONNX node, e.g. `layers.0.attn/MatMul_3`; extra nodes append `.1`, `.2`, … */
  readonly nodeName: string;
  /** Adds an int64 initializer named `<nodeName>:<role>` and returns that name. `dims` defaults to 1-D. */
  int64Initializer(role: string, values: readonly number[], dims?: readonly number[]): string;
  /** Adds a float32 initializer named `<nodeName>:<role>` and returns that name. `dims` defaults to 1-D. */
  float32Initializer(role: string, values: readonly number[], dims?: readonly number[]): string;
}

/** Lowers one step of op `K` to ONNX nodes that read `ctx.inputs` and write `ctx.output`. */
export type OnnxLowering<K extends PrimOp> = (step: StepOf<K>, ctx: LoweringContext) => NodeProto[];

/** One lowering per primitive op. */
export type OnnxLoweringTable = { readonly [K in PrimOp]: OnnxLowering<K> };

/** First opset whose ReduceMean/ReduceMax take `axes` as an input instead of an attribute. */
const REDUCE_AXES_AS_INPUT_SINCE = 18;

/** A node with the same op name, the step's inputs and output, and the given attributes. */
function same(opType: string, ctx: LoweringContext, attributes: AttributeProto[] = []): NodeProto[] {
  return [nodeProto(opType, ctx.nodeName, ctx.inputs, [ctx.output], attributes)];
}

/** A lowering that maps the op 1:1 onto the ONNX op of the same name, without attributes. */
const direct = (opType: PrimOp) => (_step: unknown, ctx: LoweringContext): NodeProto[] => same(opType, ctx);

/**
 * Reduce ops: `axes` is an attribute (ReduceMean/ReduceMax before opset 18) or an optional int64 input.
 * An empty axes list means "all axes" in our prims; ONNX gets that by leaving axes out.
 */
function reduce(
  opType: 'ReduceMean' | 'ReduceSum' | 'ReduceMax',
  attrs: { readonly axes: readonly number[]; readonly keepdims: boolean },
  ctx: LoweringContext,
): NodeProto[] {
  const keepdims = attr.int('keepdims', attrs.keepdims);
  const axesAsInput = opType === 'ReduceSum' || ctx.opset >= REDUCE_AXES_AS_INPUT_SINCE;
  if (attrs.axes.length === 0) return same(opType, ctx, [keepdims]);
  if (!axesAsInput) return same(opType, ctx, [attr.ints('axes', attrs.axes), keepdims]);
  const axes = ctx.int64Initializer('axes', attrs.axes);
  return [nodeProto(opType, ctx.nodeName, [...ctx.inputs, axes], [ctx.output], [keepdims])];
}

/** The lowering table. */
export const ONNX_LOWERING = {
  MatMul: direct('MatMul'),
  Add: direct('Add'),
  Sub: direct('Sub'),
  Mul: direct('Mul'),
  Div: direct('Div'),
  Relu: direct('Relu'),
  Exp: direct('Exp'),
  Sqrt: direct('Sqrt'),
  Erf: direct('Erf'),
  Tanh: direct('Tanh'),
  Sigmoid: direct('Sigmoid'),
  Identity: direct('Identity'),
  Equal: direct('Equal'),
  Where: direct('Where'),
  Softmax: (step, ctx) => same('Softmax', ctx, [attr.int('axis', step.attrs.axis)]),
  ReduceMean: (step, ctx) => reduce('ReduceMean', step.attrs, ctx),
  ReduceSum: (step, ctx) => reduce('ReduceSum', step.attrs, ctx),
  ReduceMax: (step, ctx) => reduce('ReduceMax', step.attrs, ctx),
  Transpose: (step, ctx) => same('Transpose', ctx, [attr.ints('perm', step.attrs.perm)]),
  Reshape: (step, ctx) => {
    // allowzero = 0 (the default): a 0 copies the input dim, as in our prim.
    const shape = ctx.int64Initializer('shape', step.attrs.shape);
    return [nodeProto('Reshape', ctx.nodeName, [...ctx.inputs, shape], [ctx.output])];
  },
  Unsqueeze: (step, ctx) => {
    const axes = ctx.int64Initializer('axes', step.attrs.axes);
    return [nodeProto('Unsqueeze', ctx.nodeName, [...ctx.inputs, axes], [ctx.output])];
  },
  Concat: (step, ctx) => same('Concat', ctx, [attr.int('axis', step.attrs.axis)]),
  Gather: (step, ctx) => same('Gather', ctx, [attr.int('axis', step.attrs.axis)]),
  OneHot: (step, ctx) => {
    // ONNX OneHot(indices, depth, values=[off, on]); the values' type (float32) sets the output type.
    const depth = ctx.int64Initializer('depth', [step.attrs.depth], []);
    const values = ctx.float32Initializer('values', [0, 1]);
    return [nodeProto('OneHot', ctx.nodeName, [...ctx.inputs, depth, values], [ctx.output], [attr.int('axis', -1)])];
  },
  Slice: (step, ctx) => {
    // Slice(data, starts, ends, axes); steps left out (all 1).
    const axes = ctx.int64Initializer('axes', step.attrs.axes);
    return [nodeProto('Slice', ctx.nodeName, [...ctx.inputs, axes], [ctx.output])];
  },
  Shape: (step, ctx) => {
    const attributes = [attr.int('start', step.attrs.start)];
    if (step.attrs.end !== undefined) attributes.push(attr.int('end', step.attrs.end));
    return same('Shape', ctx, attributes);
  },
  ConstantOfShape: (step, ctx) =>
    same('ConstantOfShape', ctx, [attr.tensor('value', float32TensorProto('', [step.attrs.value], [1]))]),
  Trilu: (step, ctx) => {
    const k = ctx.int64Initializer('k', [step.attrs.k], []);
    return [nodeProto('Trilu', ctx.nodeName, [...ctx.inputs, k], [ctx.output], [attr.int('upper', step.attrs.upper)])];
  },
  ArgMax: (step, ctx) =>
    same('ArgMax', ctx, [attr.int('axis', step.attrs.axis), attr.int('keepdims', step.attrs.keepdims)]),
  Cast: (step, ctx) => same('Cast', ctx, [attr.int('to', ONNX_DTYPE[step.attrs.to])]),
} satisfies OnnxLoweringTable;

/** Lowers any step through the table. */
export function lowerStep(step: PlanStep, ctx: LoweringContext): NodeProto[] {
  // TypeScript cannot correlate `step.op` with the table entry's parameter type; the table's
  // `satisfies` clause already guarantees each entry takes exactly the step of its own op.
  const lower = ONNX_LOWERING[step.op] as (step: PlanStep, ctx: LoweringContext) => NodeProto[];
  return lower(step, ctx);
}

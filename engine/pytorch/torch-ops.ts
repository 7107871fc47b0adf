/**
 * How each primitive op is written in PyTorch, as one Python expression over its input expressions.
 * One table typed over every PrimOp (like engine/onnx/lowering.ts), so a new primitive without a torch
 * spelling is a compile error. Semantics are ONNX's (graph-schema/primitives.ts); where torch differs
 * (Reshape's 0, Unsqueeze's output-rank axes, Gather's index shapes, OneHot's out-of-range rows) the
 * expression calls a small helper from the generated model.py (see python-prelude.ts).
 */
import type { PrimOp } from '../../graph-schema/primitives.ts';
import type { DType } from '../../graph-schema/tensor.ts';
import type { PlanStep } from '../plan.ts';
import { floatLiteral } from './python-names.ts';

/** The plan step of one primitive op, with its attributes typed. */
type StepOf<K extends PrimOp> = Extract<PlanStep, { readonly op: K }>;

/** What an emitter knows besides the step: its input expressions and their dtypes. */
export interface TorchContext {
  readonly args: readonly string[];
  readonly dtypes: readonly DType[];
}

/** Writes one step as a Python expression. */
export type TorchEmitter<K extends PrimOp> = (step: StepOf<K>, ctx: TorchContext) => string;

/** One emitter per primitive op. */
export type TorchEmitterTable = { readonly [K in PrimOp]: TorchEmitter<K> };

/** torch dtype spelling of a Formwork dtype. */
export const TORCH_DTYPE: Readonly<Record<DType, string>> = { float32: 'torch.float32', int64: 'torch.int64', bool: 'torch.bool' };

const a = (ctx: TorchContext, i: number): string => ctx.args[i] ?? 'None';
const tuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);
const py = (b: boolean): string => (b ? 'True' : 'False');
const fn = (name: string) => (_s: unknown, ctx: TorchContext): string => `${name}(${a(ctx, 0)})`;
const infix = (op: string) => (_s: unknown, ctx: TorchContext): string => `${a(ctx, 0)} ${op} ${a(ctx, 1)}`;

/** The torch spelling of every primitive op. */
export const TORCH_OPS = {
  MatMul: (_s, ctx) => `${a(ctx, 0)} @ ${a(ctx, 1)}`,
  Add: infix('+'),
  Sub: infix('-'),
  Mul: infix('*'),
  Div: (_s, ctx) => (ctx.dtypes[0] === 'int64' ? `torch.div(${a(ctx, 0)}, ${a(ctx, 1)}, rounding_mode="trunc")` : `${a(ctx, 0)} / ${a(ctx, 1)}`),
  Relu: fn('torch.relu'),
  Exp: fn('torch.exp'),
  Sqrt: fn('torch.sqrt'),
  Erf: fn('torch.erf'),
  Tanh: fn('torch.tanh'),
  Sigmoid: fn('torch.sigmoid'),
  Identity: (_s, ctx) => a(ctx, 0),
  Softmax: (s, ctx) => `torch.softmax(${a(ctx, 0)}, dim=${s.attrs.axis})`,
  ReduceMean: (s, ctx) => `reduce(torch.mean, ${a(ctx, 0)}, ${tuple(s.attrs.axes)}, ${py(s.attrs.keepdims)})`,
  ReduceSum: (s, ctx) => `reduce(torch.sum, ${a(ctx, 0)}, ${tuple(s.attrs.axes)}, ${py(s.attrs.keepdims)})`,
  ReduceMax: (s, ctx) => `reduce(torch.amax, ${a(ctx, 0)}, ${tuple(s.attrs.axes)}, ${py(s.attrs.keepdims)})`,
  Transpose: (s, ctx) => `${a(ctx, 0)}.permute${tuple(s.attrs.perm)}`,
  Reshape: (s, ctx) => `onnx_reshape(${a(ctx, 0)}, ${tuple(s.attrs.shape)})`,
  Unsqueeze: (s, ctx) => `onnx_unsqueeze(${a(ctx, 0)}, ${tuple(s.attrs.axes)})`,
  Concat: (s, ctx) => `torch.cat([${ctx.args.join(', ')}], dim=${s.attrs.axis})`,
  Gather: (s, ctx) => `onnx_gather(${a(ctx, 0)}, ${a(ctx, 1)}, ${s.attrs.axis})`,
  OneHot: (s, ctx) => `onnx_one_hot(${a(ctx, 0)}, ${s.attrs.depth})`,
  Slice: (s, ctx) => `onnx_slice(${a(ctx, 0)}, ${a(ctx, 1)}, ${a(ctx, 2)}, ${tuple(s.attrs.axes)})`,
  Shape: (s, ctx) => `torch.tensor(${a(ctx, 0)}.shape[${s.attrs.start}:${s.attrs.end ?? ''}], dtype=torch.int64)`,
  ConstantOfShape: (s, ctx) => `torch.full(tuple(int(d) for d in ${a(ctx, 0)}.tolist()), ${floatLiteral(s.attrs.value)}, dtype=torch.float32)`,
  Trilu: (s, ctx) => `torch.${s.attrs.upper ? 'triu' : 'tril'}(${a(ctx, 0)}, ${s.attrs.k})`,
  ArgMax: (s, ctx) => `torch.argmax(${a(ctx, 0)}, dim=${s.attrs.axis}, keepdim=${py(s.attrs.keepdims)})`,
  Cast: (s, ctx) => `${a(ctx, 0)}.to(${TORCH_DTYPE[s.attrs.to]})`,
  Equal: infix('=='),
  Where: (_s, ctx) => `torch.where(${a(ctx, 0)}, ${a(ctx, 1)}, ${a(ctx, 2)})`,
} satisfies TorchEmitterTable;

/** The Python expression of one plan step. */
export function torchExpression(step: PlanStep, ctx: TorchContext): string {
  return (TORCH_OPS[step.op] as TorchEmitter<PrimOp>)(step as StepOf<PrimOp>, ctx);
}

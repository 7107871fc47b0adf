/**
 * The small vocabulary the op definitions write their PyTorch spelling with (`OpDefinition.torch`): one
 * Python expression per step over its input expressions. Semantics are ONNX's; where torch differs
 * (Reshape's 0, Unsqueeze's output-rank axes, Gather's index shapes, OneHot's out-of-range rows) the
 * expression calls a small helper from the generated model.py (see python-prelude.ts).
 */
import type { DType } from '../../graph-schema/tensor.ts';

/** What a torch spelling knows besides the attributes: its input expressions and their dtypes. */
export interface TorchContext {
  readonly args: readonly string[];
  readonly dtypes: readonly DType[];
}

/** torch dtype spelling of a Formwork dtype. */
export const TORCH_DTYPE: Readonly<Record<DType, string>> = { float32: 'torch.float32', int64: 'torch.int64', bool: 'torch.bool' };

/** The i-th input expression. */
export const arg = (ctx: TorchContext, i: number): string => ctx.args[i] ?? 'None';
/** A Python tuple literal. */
export const tuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);
/** A Python bool literal. */
export const py = (b: boolean): string => (b ? 'True' : 'False');
/** `name(x)`. */
export const call = (name: string) => (_attrs: unknown, ctx: TorchContext): string => `${name}(${arg(ctx, 0)})`;
/** `x op y`. */
export const infix = (op: string) => (_attrs: unknown, ctx: TorchContext): string => `${arg(ctx, 0)} ${op} ${arg(ctx, 1)}`;

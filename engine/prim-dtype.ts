/**
 * The dtype each primitive op produces, so the compiler can type every value without running it.
 */
import type { PrimAttrs, PrimOp } from '../graph-schema/primitives.ts';
import type { DType } from '../graph-schema/tensor.ts';

type Rule<K extends PrimOp> = (inputs: readonly DType[], attrs: PrimAttrs[K]) => DType;
const first = (inputs: readonly DType[]): DType => inputs[0] ?? 'float32';
const fixed = (d: DType) => (): DType => d;

/** Output dtype per primitive op. */
export const PRIM_DTYPE = {
  MatMul: first, Add: first, Sub: first, Mul: first, Div: first, Relu: first, Exp: first, Sqrt: first,
  Erf: first, Tanh: first, Sigmoid: first, Identity: first, Softmax: first, ReduceMean: first, ReduceSum: first,
  ReduceMax: first, Transpose: first, Reshape: first, Unsqueeze: first, Concat: first, Gather: first, Slice: first,
  Trilu: first,
  OneHot: fixed('float32'),
  Shape: fixed('int64'),
  ConstantOfShape: fixed('float32'),
  ArgMax: fixed('int64'),
  Equal: fixed('bool'),
  Cast: (_inputs, attrs) => attrs.to,
  Where: (inputs) => inputs[1] ?? 'float32',
} satisfies { [K in PrimOp]: Rule<K> };

export function outputDtype<K extends PrimOp>(op: K, inputs: readonly DType[], attrs: PrimAttrs[K]): DType {
  return (PRIM_DTYPE[op] as Rule<K>)(inputs, attrs);
}

/**
 * The primitive ops blocks lower to, spelled as in ONNX: their names and attributes, the vocabulary
 * of `Builder.op`. Everything else about an op (shape rule, kernel, ONNX lowering, gradient …) is in
 * its one definition in engine/ops, in a registry typed over `PrimOp`, so adding an op here without
 * defining it fails to compile.
 *
 * Semantics follow ONNX opset 17, with these simplifications:
 * - attribute-like inputs (Reshape's shape, Slice's starts/ends/axes, Trilu's k) are attributes
 *   here when static; the exporter turns them into initializers;
 * - elementwise binary ops broadcast numpy-style.
 */
import type { DType } from './tensor.ts';

/** Attributes of each primitive op. */
export interface PrimAttrs {
  MatMul: Record<string, never>;
  Add: Record<string, never>;
  Sub: Record<string, never>;
  Mul: Record<string, never>;
  Div: Record<string, never>;
  Relu: Record<string, never>;
  Exp: Record<string, never>;
  Sqrt: Record<string, never>;
  Erf: Record<string, never>;
  Tanh: Record<string, never>;
  Sigmoid: Record<string, never>;
  Identity: Record<string, never>;
  Neg: Record<string, never>;
  Log: Record<string, never>;
  Sin: Record<string, never>;
  Cos: Record<string, never>;
  /** Pow(x, p), broadcasting. */
  Pow: Record<string, never>;
  /** Elementwise maximum of two tensors, broadcasting. */
  Max: Record<string, never>;
  /** Elementwise minimum of two tensors, broadcasting. */
  Min: Record<string, never>;
  /** Softmax along one axis (ONNX 13 semantics). */
  Softmax: { axis: number };
  ReduceMean: { axes: readonly number[]; keepdims: boolean };
  ReduceSum: { axes: readonly number[]; keepdims: boolean };
  ReduceMax: { axes: readonly number[]; keepdims: boolean };
  Transpose: { perm: readonly number[] };
  /** ONNX Reshape with allowzero=0: 0 copies the input dim, -1 is inferred. */
  Reshape: { shape: readonly number[] };
  Unsqueeze: { axes: readonly number[] };
  Concat: { axis: number };
  /** Gather(data, indices) along `axis`. */
  Gather: { axis: number };
  /** OneHot(indices) → float32 [..., depth] with values 0/1 (ONNX OneHot, axis -1). */
  OneHot: { depth: number };
  /** Slice(data, starts, ends) on `axes`; starts/ends are int64 inputs so they can be computed. */
  Slice: { axes: readonly number[] };
  /** Shape(x)[start:end] as int64 (ONNX 15 attributes). */
  Shape: { start: number; end?: number };
  /** ConstantOfShape(shape) filled with `value` (float32). */
  ConstantOfShape: { value: number };
  /** Keeps the upper (or lower) triangle of the last two axes, diagonal offset k; zeroes the rest. */
  Trilu: { upper: boolean; k: number };
  ArgMax: { axis: number; keepdims: boolean };
  Cast: { to: DType };
  Equal: Record<string, never>;
  /** Where(condition, x, y). */
  Where: Record<string, never>;
  /**
   * Fused ops: the fast plan (engine/fast) replaces common subgraphs with them; blocks never emit them.
   * Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)), in one pass.
   */
  Gelu: Record<string, never>;
  /** LayerNormalization(x, gamma, beta) over the last axis: (x − mean) / √(var + epsilon) · gamma + beta. */
  LayerNormalization: { epsilon: number };
  /** MatMulAdd(a, w, bias) = MatMul(a, w) + bias, where bias broadcasts to the product without growing it. */
  MatMulAdd: Record<string, never>;
  /** MatMulTransposed(a, b) = MatMul(a, Transpose(b, perm)), perm swapping b's last two axes (attention's q·kᵀ). */
  MatMulTransposed: { perm: readonly number[] };
  /** MaskedSoftmax(x[, mask]) = Softmax(x · scale (+ mask)) along the last axis; mask broadcasts to x. */
  MaskedSoftmax: { scale: number };
}

export type PrimOp = keyof PrimAttrs;

/** Every primitive op name, in a fixed order (for docs and exhaustive tests). */
export const PRIM_OPS = [
  'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Relu', 'Exp', 'Sqrt', 'Erf', 'Tanh', 'Sigmoid', 'Identity',
  'Neg', 'Log', 'Sin', 'Cos', 'Pow', 'Max', 'Min',
  'Softmax', 'ReduceMean', 'ReduceSum', 'ReduceMax', 'Transpose', 'Reshape', 'Unsqueeze', 'Concat',
  'Gather', 'OneHot', 'Slice', 'Shape', 'ConstantOfShape', 'Trilu', 'ArgMax', 'Cast', 'Equal', 'Where',
  'Gelu', 'LayerNormalization', 'MatMulAdd', 'MatMulTransposed', 'MaskedSoftmax',
] as const satisfies readonly PrimOp[];

type Missing = Exclude<PrimOp, (typeof PRIM_OPS)[number]>;
const _allListed: Missing extends never ? true : never = true;
void _allListed;

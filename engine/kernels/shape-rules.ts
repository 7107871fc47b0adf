/**
 * Output-type rules of the compute ops (elementwise, MatMul, reductions, Softmax, ArgMax, Cast,
 * Trilu, OneHot). Kernels call these to validate inputs and size their output; the static shape
 * table (`static-shapes.ts`) exposes the same functions, so the two can never disagree.
 */
import type { DType } from '../../graph-schema/tensor.ts';
import { broadcastShapes } from './broadcast.ts';
import {
  arity, at, expectDType, fail, fmt, normalizeAxes, normalizeAxis, sameDType,
  type OutType, type TypeInfo,
} from './checks.ts';

/** Dtypes arithmetic is defined on. */
export const NUMERIC: readonly DType[] = ['float32', 'int64'];
/** Dtypes of the transcendental ops. */
export const FLOAT: readonly DType[] = ['float32'];
/** Every dtype. */
export const ANY: readonly DType[] = ['float32', 'int64', 'bool'];

/** One input, same type out (Relu, Exp, Identity …). */
export function unaryRule(op: string, inputs: readonly TypeInfo[], allowed: readonly DType[]): OutType {
  arity(op, inputs, 1);
  const x = at(inputs, 0);
  expectDType(op, 'input', x, allowed);
  return { dtype: x.dtype, shape: [...x.shape] };
}

/** Add/Sub/Mul/Div: two numeric inputs of one dtype, broadcast. */
export function arithmeticRule(op: string, inputs: readonly TypeInfo[]): OutType {
  arity(op, inputs, 2);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  sameDType(op, a, b);
  expectDType(op, 'inputs', a, NUMERIC);
  return { dtype: a.dtype, shape: broadcastShapes(op, [a.shape, b.shape]) };
}

/** Equal: two inputs of one dtype, broadcast, bool out. */
export function equalRule(op: string, inputs: readonly TypeInfo[]): OutType {
  arity(op, inputs, 2);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  sameDType(op, a, b);
  return { dtype: 'bool', shape: broadcastShapes(op, [a.shape, b.shape]) };
}

/** Where(condition: bool, x, y): x and y share a dtype; all three broadcast. */
export function whereRule(op: string, inputs: readonly TypeInfo[]): OutType {
  arity(op, inputs, 3);
  const c = at(inputs, 0);
  const x = at(inputs, 1);
  const y = at(inputs, 2);
  expectDType(op, 'condition', c, ['bool']);
  sameDType(op, x, y);
  return { dtype: x.dtype, shape: broadcastShapes(op, [c.shape, x.shape, y.shape]) };
}

/** The geometry of a (batched, broadcast) matrix product. */
export interface MatMulDims {
  /** Output shape, with the 1-D operand dims removed again as numpy does. */
  readonly outShape: number[];
  /** Broadcast batch shape (output shape minus the matrix dims). */
  readonly batchShape: number[];
  /** Batch shapes of A and B before broadcasting. */
  readonly aBatch: number[];
  readonly bBatch: number[];
  readonly M: number;
  readonly K: number;
  readonly N: number;
}

/** Numpy matmul geometry: 1-D A is a row [1, K], 1-D B a column [K, 1]; leading dims broadcast. */
export function matmulDims(op: string, a: TypeInfo, b: TypeInfo): MatMulDims {
  if (a.shape.length === 0 || b.shape.length === 0) fail(op, `operands must have rank ≥ 1, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  const aS = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape; // [..., M, K]
  const bS = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape; // [..., K, N]
  const M = aS[aS.length - 2]!;
  const K = aS[aS.length - 1]!;
  const Kb = bS[bS.length - 2]!;
  const N = bS[bS.length - 1]!;
  if (K !== Kb) fail(op, `inner dimensions differ: ${fmt(a.shape)} · ${fmt(b.shape)} (${K} vs ${Kb})`);
  const aBatch = aS.slice(0, -2);
  const bBatch = bS.slice(0, -2);
  const batchShape = broadcastShapes(op, [aBatch, bBatch]);
  const outShape = [...batchShape];
  if (a.shape.length > 1) outShape.push(M);
  if (b.shape.length > 1) outShape.push(N);
  return { outShape, batchShape, aBatch, bBatch, M, K, N };
}

/** MatMul(A, B). */
export function matmulRule(op: string, inputs: readonly TypeInfo[]): OutType {
  arity(op, inputs, 2);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  sameDType(op, a, b);
  expectDType(op, 'inputs', a, NUMERIC);
  return { dtype: a.dtype, shape: matmulDims(op, a, b).outShape };
}

/** Softmax(axis): float32, rank ≥ 1. */
export function softmaxRule(op: string, inputs: readonly TypeInfo[], axis: number): OutType {
  const out = unaryRule(op, inputs, FLOAT);
  normalizeAxis(op, axis, out.shape.length);
  return out;
}

/** How a reduction maps the input onto the output. */
export interface ReduceDims {
  readonly outShape: number[];
  /** Per input axis: is it reduced? */
  readonly reduced: boolean[];
  /** Number of input elements folded into each output element. */
  readonly count: number;
}

/** Reduction geometry. Empty `axes` reduces every axis (ONNX default, noop_with_empty_axes=0). */
export function reduceDims(op: string, shape: readonly number[], axes: readonly number[], keepdims: boolean): ReduceDims {
  const rank = shape.length;
  const list = axes.length === 0 ? shape.map((_, i) => i) : normalizeAxes(op, axes, rank);
  const reduced = shape.map((_, i) => list.includes(i));
  const outShape: number[] = [];
  let count = 1;
  shape.forEach((d, i) => {
    if (reduced[i]) {
      count *= d;
      if (keepdims) outShape.push(1);
    } else outShape.push(d);
  });
  return { outShape, reduced, count };
}

/** ReduceMean/Sum/Max: numeric input. */
export function reduceRule(op: string, inputs: readonly TypeInfo[], axes: readonly number[], keepdims: boolean): OutType {
  const x = unaryRule(op, inputs, NUMERIC);
  return { dtype: x.dtype, shape: reduceDims(op, x.shape, axes, keepdims).outShape };
}

/** ArgMax(axis, keepdims) → int64. */
export function argMaxRule(op: string, inputs: readonly TypeInfo[], axis: number, keepdims: boolean): OutType {
  const x = unaryRule(op, inputs, NUMERIC);
  const ax = normalizeAxis(op, axis, x.shape.length);
  if (x.shape[ax] === 0) fail(op, `axis ${axis} of ${fmt(x.shape)} is empty: no maximum to pick`);
  const shape = keepdims ? x.shape.map((d, i) => (i === ax ? 1 : d)) : x.shape.filter((_, i) => i !== ax);
  return { dtype: 'int64', shape };
}

/** Cast(to): any dtype to any dtype. */
export function castRule(op: string, inputs: readonly TypeInfo[], to: DType): OutType {
  const x = unaryRule(op, inputs, ANY);
  if (!ANY.includes(to)) fail(op, `unknown target dtype ${String(to)}`);
  return { dtype: to, shape: x.shape };
}

/** Trilu: rank ≥ 2, integer k. */
export function triluRule(op: string, inputs: readonly TypeInfo[], k: number): OutType {
  const x = unaryRule(op, inputs, ANY);
  if (x.shape.length < 2) fail(op, `input must have rank ≥ 2, got ${fmt(x.shape)}`);
  if (!Number.isInteger(k)) fail(op, `k must be an integer, got ${k}`);
  return x;
}

/** OneHot(indices) → float32 [...indices.shape, depth]. */
export function oneHotRule(op: string, inputs: readonly TypeInfo[], depth: number): OutType {
  const x = unaryRule(op, inputs, NUMERIC);
  if (!Number.isInteger(depth) || depth < 1) fail(op, `depth must be a positive integer, got ${depth}`);
  return { dtype: 'float32', shape: [...x.shape, depth] };
}

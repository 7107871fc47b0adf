/**
 * Output-type rules of the data-movement ops (Transpose, Reshape, Unsqueeze, Concat, Gather, Slice,
 * Shape, ConstantOfShape), shared by their kernels and the static shape table.
 */
import {
  arity, at, checkShape, expectDType, fail, fmt, normalizeAxes, normalizeAxis, prod,
  type OutType, type TypeInfo,
} from './checks.ts';
import { ANY } from './shape-rules.ts';

/** Transpose(perm): `perm` must be a permutation of the input axes. */
export function transposeRule(op: string, inputs: readonly TypeInfo[], perm: readonly number[]): OutType {
  arity(op, inputs, 1);
  const x = at(inputs, 0);
  const rank = x.shape.length;
  const ok = perm.length === rank && perm.every((p) => Number.isInteger(p) && p >= 0 && p < rank) && new Set(perm).size === rank;
  if (!ok) fail(op, `perm [${perm.join(', ')}] is not a permutation of the ${rank} axes of ${fmt(x.shape)}`);
  return { dtype: x.dtype, shape: perm.map((p) => x.shape[p]!) };
}

/** Reshape target (ONNX, allowzero=0): 0 copies the input dim at that index, one -1 is inferred. */
export function reshapeTarget(op: string, inShape: readonly number[], target: readonly number[]): number[] {
  let infer = -1;
  let known = 1;
  const out = target.map((d, i) => {
    if (d === 0) {
      if (i >= inShape.length) fail(op, `shape entry ${i} is 0 (copy) but the input ${fmt(inShape)} has no dimension ${i}`);
      known *= inShape[i]!;
      return inShape[i]!;
    }
    if (d === -1) {
      if (infer !== -1) fail(op, `shape [${target.join(', ')}] has more than one -1`);
      infer = i;
      return -1;
    }
    if (!Number.isInteger(d) || d < 0) fail(op, `invalid shape entry ${d} in [${target.join(', ')}]`);
    known *= d;
    return d;
  });
  const size = prod(inShape);
  if (infer !== -1) {
    if (known === 0 || size % known !== 0)
      fail(op, `cannot infer -1 in [${target.join(', ')}] for input ${fmt(inShape)} (${size} elements)`);
    out[infer] = size / known;
  } else if (known !== size) {
    fail(op, `cannot reshape ${fmt(inShape)} (${size} elements) to [${target.join(', ')}] (${known} elements)`);
  }
  return out;
}

/** Unsqueeze(axes): axes index the output, whose rank is input rank + axes.length. */
export function unsqueezeShape(op: string, inShape: readonly number[], axes: readonly number[]): number[] {
  const rank = inShape.length + axes.length;
  const at1 = new Set(normalizeAxes(op, axes, rank));
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) out.push(at1.has(i) ? 1 : inShape[next++]!);
  return out;
}

/** Concat(axis): one dtype and rank; every dim but `axis` agrees. */
export function concatRule(op: string, inputs: readonly TypeInfo[], axis: number): OutType {
  arity(op, inputs, 1, Infinity);
  const first = at(inputs, 0);
  const rank = first.shape.length;
  const ax = normalizeAxis(op, axis, rank);
  const shape = [...first.shape];
  shape[ax] = 0;
  for (const t of inputs) {
    if (t.dtype !== first.dtype) fail(op, `input dtypes differ: ${first.dtype} and ${t.dtype}`);
    const agree = t.shape.length === rank && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!agree) fail(op, `shapes ${inputs.map((x) => fmt(x.shape)).join(', ')} differ outside axis ${axis}`);
    shape[ax] = shape[ax]! + t.shape[ax]!;
  }
  return { dtype: first.dtype, shape };
}

/** Gather(data, indices: int64) along `axis` → data[:axis] + indices + data[axis+1:]. */
export function gatherRule(op: string, inputs: readonly TypeInfo[], axis: number): OutType {
  arity(op, inputs, 2);
  const data = at(inputs, 0);
  const idx = at(inputs, 1);
  expectDType(op, 'indices', idx, ['int64']);
  const ax = normalizeAxis(op, axis, data.shape.length);
  return { dtype: data.dtype, shape: [...data.shape.slice(0, ax), ...idx.shape, ...data.shape.slice(ax + 1)] };
}

/** Where a Slice starts on every input axis, and the output shape. */
export interface SliceBounds {
  readonly shape: number[];
  readonly begin: number[];
}

/**
 * ONNX Slice with step 1: negative starts/ends count from the end, then both clamp to [0, dim].
 * Empty `axes` means `[0, 1, …, starts.length - 1]`.
 */
export function sliceBounds(
  op: string,
  inShape: readonly number[],
  axes: readonly number[],
  starts: readonly number[],
  ends: readonly number[],
): SliceBounds {
  if (starts.length !== ends.length) fail(op, `starts has ${starts.length} entries but ends has ${ends.length}`);
  const list = axes.length === 0 ? starts.map((_, i) => i) : axes;
  if (list.length !== starts.length) fail(op, `axes has ${list.length} entries but starts has ${starts.length}`);
  const ax = normalizeAxes(op, list, inShape.length);
  const shape = [...inShape];
  const begin = inShape.map(() => 0);
  ax.forEach((a, i) => {
    const dim = inShape[a]!;
    const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
    const s = clamp(starts[i]!);
    const e = clamp(ends[i]!);
    begin[a] = s;
    shape[a] = Math.max(0, e - s);
  });
  return { shape, begin };
}

/** Slice(data, starts, ends) given the bound values. */
export function sliceRule(
  op: string,
  inputs: readonly TypeInfo[],
  axes: readonly number[],
  starts: readonly number[],
  ends: readonly number[],
): OutType {
  arity(op, inputs, 3);
  const data = at(inputs, 0);
  expectDType(op, 'starts', at(inputs, 1), ['int64']);
  expectDType(op, 'ends', at(inputs, 2), ['int64']);
  return { dtype: data.dtype, shape: sliceBounds(op, data.shape, axes, starts, ends).shape };
}

/** Shape(start, end): the [lo, hi) range of dims reported (ONNX 15: negatives wrap, then clamp). */
export function shapeRange(rank: number, start: number, end: number | undefined): [number, number] {
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const lo = clamp(start);
  const hi = Math.max(lo, clamp(end ?? rank));
  return [lo, hi];
}

/** Shape(x)[start:end] → int64 1-D. */
export function shapeRule(op: string, inputs: readonly TypeInfo[], start: number, end: number | undefined): OutType {
  arity(op, inputs, 1);
  const x = at(inputs, 0);
  expectDType(op, 'input', x, ANY);
  const [lo, hi] = shapeRange(x.shape.length, start, end);
  return { dtype: 'int64', shape: [hi - lo] };
}

/** ConstantOfShape: the int64 1-D input's values are the output shape (non-negative). */
export function constantOfShapeRule(op: string, inputs: readonly TypeInfo[], values: readonly number[]): OutType {
  arity(op, inputs, 1);
  const s = at(inputs, 0);
  expectDType(op, 'shape', s, ['int64']);
  if (s.shape.length !== 1) fail(op, `shape input must be 1-D, got ${fmt(s.shape)}`);
  checkShape(op, values);
  return { dtype: 'float32', shape: [...values] };
}

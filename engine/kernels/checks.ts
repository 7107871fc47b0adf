/**
 * Validation helpers shared by the CPU kernels and the static shape table. Every failure is a
 * `RangeError` whose message starts with the op name, so the interpreter can turn it into a
 * diagnostic without knowing which kernel threw.
 */
import { formatShape } from '../../graph-schema/dims.ts';
import type { DType, Tensor } from '../../graph-schema/tensor.ts';

/** The dtype and concrete shape of a value: all that shape rules need to know about it. */
export interface TypeInfo {
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/** The type of an op's single output. */
export interface OutType {
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/** Throws `RangeError("<op>: <message>")`. */
export function fail(op: string, message: string): never {
  throw new RangeError(`${op}: ${message}`);
}

/** `[2, 3]`, for messages. */
export function fmt(shape: readonly number[]): string {
  return formatShape(shape);
}

/** Checks the number of inputs (exactly `min` when `max` is omitted). */
export function arity<T>(op: string, inputs: readonly T[], min: number, max: number = min): void {
  if (inputs.length < min || inputs.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min}–${max}`;
    fail(op, `expected ${want} input${want === '1' ? '' : 's'}, got ${inputs.length}`);
  }
}

/** The `i`-th input, which `arity` has already guaranteed to exist. */
export function at<T>(inputs: readonly T[], i: number): T {
  const x = inputs[i];
  if (x === undefined) throw new RangeError(`missing input ${i}`);
  return x;
}

/** Maps an axis in `[-rank, rank)` to `[0, rank)`. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank)
    fail(op, `axis ${axis} is out of range for rank ${rank} (allowed ${-rank}…${rank - 1})`);
  return axis < 0 ? axis + rank : axis;
}

/** Normalizes a list of axes and rejects duplicates. */
export function normalizeAxes(op: string, axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => normalizeAxis(op, a, rank));
  if (new Set(out).size !== out.length) fail(op, `axes [${axes.join(', ')}] contain a duplicate`);
  return out;
}

/** Requires one of the listed dtypes. */
export function expectDType(op: string, what: string, t: TypeInfo, allowed: readonly DType[]): void {
  if (!allowed.includes(t.dtype)) fail(op, `${what} must be ${allowed.join(' or ')}, got ${t.dtype}`);
}

/** Requires two inputs to share a dtype. */
export function sameDType(op: string, a: TypeInfo, b: TypeInfo): void {
  if (a.dtype !== b.dtype) fail(op, `input dtypes differ: ${a.dtype} and ${b.dtype}`);
}

/** Reads a 1-D int64 tensor as a list of numbers (Slice bounds, ConstantOfShape's shape). */
export function intVector(op: string, what: string, t: Tensor): number[] {
  if (t.dtype !== 'int64') fail(op, `${what} must be int64, got ${t.dtype}`);
  if (t.shape.length !== 1) fail(op, `${what} must be 1-D, got shape ${fmt(t.shape)}`);
  return Array.from(t.data);
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Product of `shape[from:to]`. */
export function prod(shape: readonly number[], from = 0, to = shape.length): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i]!;
  return n;
}

/** Rejects shapes with negative or fractional dims. */
export function checkShape(op: string, shape: readonly number[]): void {
  for (const d of shape) if (!Number.isInteger(d) || d < 0) fail(op, `invalid shape ${fmt(shape)}`);
}

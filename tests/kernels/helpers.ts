/** Test helpers for the kernel suites: tensor constructors, comparison, a seeded RNG. */
import { expect } from 'vitest';
import { float32, int64, sizeOf, type Tensor } from '../../graph-schema/tensor.ts';

export const f32 = float32;
export const i64 = int64;

/** A bool tensor from 0/1 (or truthy) values. */
export function bool(shape: readonly number[], values: ArrayLike<number | boolean>): Tensor {
  if (values.length !== sizeOf(shape)) throw new Error('bool: size mismatch');
  return { dtype: 'bool', shape: [...shape], data: Uint8Array.from(Array.from(values, (v) => (v ? 1 : 0))) };
}

/** A float32 scalar. */
export const scalar = (v: number): Tensor => float32([], [v]);

/** 0, 1, 2, … as float32 of the given shape. */
export function iota(shape: readonly number[], start = 0): Tensor {
  return float32(shape, Array.from({ length: sizeOf(shape) }, (_, i) => start + i));
}

/** Deep copy, to check that kernels leave their inputs alone. */
export function snapshot(t: Tensor): Tensor {
  return { dtype: t.dtype, shape: [...t.shape], data: t.data.slice() };
}

/** Equal numbers, treating NaN as equal to NaN and infinities exactly; finite values within `tol`. */
export function close(a: number, b: number, tol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

/** Asserts dtype, shape and values (float values within `tol`, relative for large magnitudes). */
export function expectTensor(actual: Tensor, expected: Tensor, tol = 1e-6): void {
  expect(actual.dtype).toBe(expected.dtype);
  expect([...actual.shape]).toEqual([...expected.shape]);
  expect(actual.data.length).toBe(sizeOf(expected.shape));
  expect(actual.data.constructor).toBe(expected.data.constructor);
  const bad: string[] = [];
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (!close(a, e, expected.dtype === 'float32' ? tol : 0)) bad.push(`[${i}] got ${a}, want ${e}`);
  }
  expect(bad.slice(0, 8)).toEqual([]);
}

/** Deterministic PRNG (xorshift32) giving floats in [-1, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 31 - 1;
  };
}

/** A random float32 tensor with entries in [-1, 1). */
export function randomTensor(shape: readonly number[], next: () => number): Tensor {
  return float32(shape, Array.from({ length: sizeOf(shape) }, () => next()));
}

/** Row-major strides, written independently of the kernels' own helper. */
export function stridesOf(shape: readonly number[]): number[] {
  return shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
}

/** Multi-index of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const strides = stridesOf(shape);
  return shape.map((d, k) => Math.floor(i / strides[k]!) % d);
}

/** Flat position of the broadcast read of `idx` (an index into `outShape`) in a tensor of `shape`. */
export function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  const offset = idx.length - shape.length;
  const strides = stridesOf(shape);
  let flat = 0;
  for (let k = 0; k < shape.length; k++) flat += (shape[k] === 1 ? 0 : idx[offset + k]!) * strides[k]!;
  return flat;
}

/**
 * Numpy broadcasting and strided iteration. `walk` is the single loop skeleton behind broadcasting
 * elementwise ops, Transpose, Slice and Where: it visits the output in row-major order one
 * contiguous run at a time, so kernels only write the tight inner loop.
 */
import type { TensorArray } from '../../graph-schema/tensor.ts';
import { fail, fmt, stridesOf } from './checks.ts';

/**
 * Broadcast output shape of several shapes (numpy rules: align right, a dim of 1 stretches,
 * otherwise dims must agree; a 0 dim broadcasts with 1 to 0).
 */
export function broadcastShapes(op: string, shapes: readonly (readonly number[])[]): number[] {
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const offset = rank - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i]!;
      const o = out[offset + i]!;
      if (d === o || d === 1) continue;
      if (o === 1) out[offset + i] = d;
      else fail(op, `shapes ${shapes.map(fmt).join(', ')} cannot be broadcast (dimension ${offset + i - rank}: ${o} vs ${d})`);
    }
  }
  return out;
}

/**
 * Strides (in elements) to read an input of shape `shape` as if it had the broadcast shape
 * `outShape`: 0 along stretched or missing leading dims.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[offset + i] = shape[i] === 1 ? 0 : own[i]!;
  return out;
}

/**
 * Called once per contiguous run of the output: `len` output elements starting at `outOffset`;
 * input `j` starts at `inOffsets[j]` and advances by `inSteps[j]` per element. The arrays are the
 * walker's own cursors: read them, never write them.
 */
export type RunVisitor = (outOffset: number, inOffsets: Int32Array, inSteps: Int32Array, len: number) => void;

/**
 * Walks an output of shape `shape` in row-major order. Input `j` is read at
 * `bases[j] + Σ index[i] · strides[j][i]`. Adjacent dims that are contiguous for every input are
 * merged first, so a same-shape elementwise op is a single run. A zero-size output visits nothing.
 */
export function walk(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  bases: readonly number[],
  visit: RunVisitor,
): void {
  const n = strides.length;
  // Drop size-1 dims (their stride never matters), then merge contiguous neighbours.
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 0) return;
    if (d === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    for (let j = 0; j < n && merge; j++) merge = st[j]![last] === strides[j]![i]! * d;
    if (merge) {
      dims[last] = dims[last]! * d;
      for (let j = 0; j < n; j++) st[j]![last] = strides[j]![i]!;
    } else {
      dims.push(d);
      for (let j = 0; j < n; j++) st[j]!.push(strides[j]![i]!);
    }
  }
  const inOffsets = Int32Array.from(bases);
  const inSteps = new Int32Array(n);
  if (dims.length === 0) {
    visit(0, inOffsets, inSteps, 1);
    return;
  }
  const inner = dims.length - 1;
  const len = dims[inner]!;
  for (let j = 0; j < n; j++) inSteps[j] = st[j]![inner]!;
  const outer = dims.length - 1; // number of odometer dims
  const counter = new Array<number>(outer).fill(0);
  const runs = dims.slice(0, outer).reduce((a, b) => a * b, 1);
  let outOffset = 0;
  for (let r = 0; r < runs; r++) {
    visit(outOffset, inOffsets, inSteps, len);
    outOffset += len;
    // Advance the odometer: bump the last outer dim, carry left.
    for (let i = outer - 1; i >= 0; i--) {
      const c = counter[i]! + 1;
      if (c < dims[i]!) {
        counter[i] = c;
        for (let j = 0; j < n; j++) inOffsets[j] = inOffsets[j]! + st[j]![i]!;
        break;
      }
      counter[i] = 0;
      for (let j = 0; j < n; j++) inOffsets[j] = inOffsets[j]! - (c - 1) * st[j]![i]!;
    }
  }
}

/** Copies `src` read with `srcStrides` from `base` into the contiguous `dst` of shape `shape`. */
export function stridedCopy(
  src: TensorArray,
  srcStrides: readonly number[],
  base: number,
  dst: TensorArray,
  shape: readonly number[],
): void {
  walk(shape, [srcStrides], [base], (o, offs, steps, len) => {
    const s0 = offs[0]!;
    const step = steps[0]!;
    if (step === 1) dst.set(src.subarray(s0, s0 + len), o);
    else for (let k = 0; k < len; k++) dst[o + k] = src[s0 + k * step]!;
  });
}

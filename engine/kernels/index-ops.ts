/**
 * Index and comparison kernels: OneHot, ArgMax, Equal, Where, Cast.
 */
import { type DType, type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { broadcastStrides, walk } from './broadcast.ts';
import { at, normalizeAxis, prod } from './checks.ts';
import { argMaxRule, castRule, equalRule, oneHotRule, whereRule } from './shape-rules.ts';

/**
 * OneHot(indices) → float32 [...indices.shape, depth] of 0/1 (ONNX OneHot, axis -1, values [0, 1]).
 * Negative indices count from the end (i + depth); an index outside [-depth, depth) gives an all-zero
 * row. Float indices are truncated toward zero.
 */
export function oneHot(inputs: readonly Tensor[], depth: number): Tensor {
  const type = oneHotRule('OneHot', inputs, depth);
  const idx = at(inputs, 0).data;
  const out = zeros(type.dtype, type.shape); // [...indices.shape, depth]
  for (let i = 0; i < idx.length; i++) {
    const raw = Math.trunc(idx[i]!);
    const k = raw < 0 ? raw + depth : raw;
    if (k >= 0 && k < depth) out.data[i * depth + k] = 1;
  }
  return out;
}

/**
 * ArgMax(axis, keepdims) → int64; the first maximum wins (select_last_index = 0). A NaN is never
 * picked unless it comes first (onnxruntime's NaN handling varies with layout).
 */
export function argMax(inputs: readonly Tensor[], axis: number, keepdims: boolean): Tensor {
  const type = argMaxRule('ArgMax', inputs, axis, keepdims);
  const x = at(inputs, 0);
  const ax = normalizeAxis('ArgMax', axis, x.shape.length);
  // View x as [outer, L, inner]; output is [outer, inner].
  const outer = prod(x.shape, 0, ax);
  const L = x.shape[ax]!;
  const inner = prod(x.shape, ax + 1);
  const out = zeros(type.dtype, type.shape);
  const src = x.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * L * inner + i;
      let best = 0;
      let bestV = src[base]!;
      for (let l = 1; l < L; l++) {
        const v = src[base + l * inner]!;
        if (v > bestV) {
          bestV = v;
          best = l;
        }
      }
      out.data[o * inner + i] = best;
    }
  }
  return out;
}

/** Equal(a, b) → bool with numpy broadcasting; NaN equals nothing. */
export function equal(inputs: readonly Tensor[]): Tensor {
  const type = equalRule('Equal', inputs);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  const out = zeros(type.dtype, type.shape); // broadcast(a.shape, b.shape)
  const A = a.data;
  const B = b.data;
  const O = out.data;
  const strides = [broadcastStrides(a.shape, type.shape), broadcastStrides(b.shape, type.shape)];
  walk(type.shape, strides, [0, 0], (o, offs, steps, len) => {
    let ia = offs[0]!;
    let ib = offs[1]!;
    const sa = steps[0]!;
    const sb = steps[1]!;
    for (let i = o; i < o + len; i++, ia += sa, ib += sb) O[i] = A[ia] === B[ib] ? 1 : 0;
  });
  return out;
}

/** Where(condition: bool, x, y) → x where condition else y, all three broadcast. */
export function where(inputs: readonly Tensor[]): Tensor {
  const type = whereRule('Where', inputs);
  const c = at(inputs, 0);
  const x = at(inputs, 1);
  const y = at(inputs, 2);
  const out = zeros(type.dtype, type.shape); // broadcast(c.shape, x.shape, y.shape)
  const C = c.data;
  const X = x.data;
  const Y = y.data;
  const O = out.data;
  const strides = [c, x, y].map((t) => broadcastStrides(t.shape, type.shape));
  walk(type.shape, strides, [0, 0, 0], (o, offs, steps, len) => {
    let ic = offs[0]!;
    let ix = offs[1]!;
    let iy = offs[2]!;
    const sc = steps[0]!;
    const sx = steps[1]!;
    const sy = steps[2]!;
    for (let i = o; i < o + len; i++, ic += sc, ix += sx, iy += sy) O[i] = C[ic] ? X[ix]! : Y[iy]!;
  });
  return out;
}

/** The conversion applied to each element when casting to `to`. */
function converter(from: DType, to: DType): ((v: number) => number) | null {
  if (to === 'bool') return (v) => (v !== 0 ? 1 : 0); // NaN → true, as C++ does
  if (to === 'int64' && from === 'float32') return (v) => (Number.isFinite(v) ? Math.trunc(v) : 0);
  return null; // the typed-array store already converts exactly (int → float, bool → 0/1)
}

/**
 * Cast(to). float → int64 truncates toward zero (NaN/±Infinity, undefined in C++, give 0);
 * anything → bool is `v ≠ 0`; bool → numbers is 0/1; int64 → float32 rounds to nearest.
 */
export function cast(inputs: readonly Tensor[], to: DType): Tensor {
  const type = castRule('Cast', inputs, to);
  const x = at(inputs, 0);
  const out = zeros(type.dtype, type.shape);
  const f = converter(x.dtype, to);
  if (f === null) out.data.set(x.data);
  else for (let i = 0; i < x.data.length; i++) out.data[i] = f(x.data[i]!);
  return out;
}

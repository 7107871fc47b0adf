/**
 * Softmax(x·scale + mask) along the last axis in one kernel: the attention scores are scaled, masked
 * and normalised in a single sweep per row instead of three ops with two intermediate tensors. Masked
 * entries (−∞) cost no exp. The arithmetic runs in float64, as the Softmax kernel's.
 */
import { type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { broadcastStrides } from './broadcast.ts';
import { at } from './checks.ts';
import { maskedSoftmaxRule } from './fused-rules.ts';

/** Softmax(x · scale (+ mask)) over the last axis; `mask` broadcasts to x. */
export function maskedSoftmax(inputs: readonly Tensor[], scale: number): Tensor {
  const type = maskedSoftmaxRule('MaskedSoftmax', inputs);
  const x = at(inputs, 0);
  const mask = inputs[1];
  const out = zeros(type.dtype, type.shape);
  const src = x.data;
  const dst = out.data;
  const rank = x.shape.length;
  const L = x.shape[rank - 1]!;
  const rows = L === 0 ? 0 : src.length / L;
  const m = mask?.data;
  const strides = mask ? broadcastStrides(mask.shape, x.shape) : new Array<number>(rank).fill(0);
  const step = strides[rank - 1]!; // 1, or 0 when the mask is broadcast along the row
  const index = new Array<number>(rank - 1).fill(0); // multi-index of the current row
  const row = new Float64Array(L);
  let mBase = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * L;
    let max = -Infinity;
    for (let l = 0; l < L; l++) {
      const v = src[base + l]! * scale + (m ? m[mBase + l * step]! : 0);
      row[l] = v;
      if (v > max || Number.isNaN(v)) max = v;
    }
    let sum = 0;
    for (let l = 0; l < L; l++) {
      const v = row[l]!;
      const e = v === -Infinity ? 0 : Math.exp(v - max);
      row[l] = e;
      sum += e;
    }
    for (let l = 0; l < L; l++) dst[base + l] = row[l]! / sum;
    // Advance the row multi-index and the mask offset (odometer over the leading axes).
    for (let a = rank - 2; a >= 0; a--) {
      index[a]!++;
      mBase += strides[a]!;
      if (index[a]! < x.shape[a]!) break;
      mBase -= strides[a]! * index[a]!;
      index[a] = 0;
    }
  }
  return out;
}

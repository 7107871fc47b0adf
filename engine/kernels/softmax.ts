/**
 * Softmax along one axis (ONNX 13+ semantics), numerically stable: each row has its max subtracted
 * before exponentiation, and the arithmetic runs in float64.
 */
import { type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { at, normalizeAxis, prod } from './checks.ts';
import { softmaxRule } from './shape-rules.ts';

/**
 * softmax(x)ᵢ = exp(xᵢ − max x) / Σⱼ exp(xⱼ − max x) along `axis` (negative counts from the end).
 * Entries of −Infinity get exactly 0 and a row with one finite maximum is exact; a row that is all
 * −Infinity, or contains +Infinity or NaN, yields NaN, as onnxruntime does.
 */
export function softmax(inputs: readonly Tensor[], axis: number): Tensor {
  const type = softmaxRule('Softmax', inputs, axis);
  const x = at(inputs, 0);
  const ax = normalizeAxis('Softmax', axis, x.shape.length);
  // View x as [outer, L, inner]; a "row" is the L elements at stride `inner`.
  const outer = prod(x.shape, 0, ax);
  const L = x.shape[ax]!;
  const inner = prod(x.shape, ax + 1);
  const out = zeros(type.dtype, type.shape);
  const src = x.data;
  const dst = out.data;
  const row = new Float64Array(L); // exp(x - max) of the current row
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * L * inner + i;
      let max = -Infinity;
      for (let l = 0; l < L; l++) {
        const v = src[base + l * inner]!;
        if (v > max || Number.isNaN(v)) max = v;
      }
      let sum = 0;
      for (let l = 0; l < L; l++) {
        const e = Math.exp(src[base + l * inner]! - max);
        row[l] = e;
        sum += e;
      }
      for (let l = 0; l < L; l++) dst[base + l * inner] = row[l]! / sum;
    }
  }
  return out;
}

/**
 * LayerNormalization over the last axis in one kernel: per row, the mean and the biased variance in
 * float64 (two sweeps over a row that stays in cache), then (x − mean)/√(var + ε)·γ + β written once.
 * Replaces nine primitive steps and their eight intermediate tensors.
 */
import { type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { at } from './checks.ts';
import { layerNormRule } from './fused-rules.ts';

/** LayerNormalization(x [..., d], gamma [d], beta [d]) → [..., d]. */
export function layerNorm(inputs: readonly Tensor[], epsilon: number): Tensor {
  const type = layerNormRule('LayerNormalization', inputs);
  const x = at(inputs, 0).data;
  const gamma = at(inputs, 1).data;
  const beta = at(inputs, 2).data;
  const out = zeros(type.dtype, type.shape);
  const y = out.data;
  const d = type.shape[type.shape.length - 1]!;
  const rows = d === 0 ? 0 : x.length / d;
  for (let r = 0; r < rows; r++) {
    const base = r * d;
    let sum = 0;
    for (let i = 0; i < d; i++) sum += x[base + i]!;
    const mean = sum / d;
    let squares = 0;
    for (let i = 0; i < d; i++) {
      const c = x[base + i]! - mean;
      squares += c * c;
    }
    const inv = 1 / Math.sqrt(squares / d + epsilon);
    for (let i = 0; i < d; i++) y[base + i] = (x[base + i]! - mean) * inv * gamma[i]! + beta[i]!;
  }
  return out;
}

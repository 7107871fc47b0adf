/**
 * Exact GELU in one pass, with a float32-grade error function. Why not `erf` from math.ts: its series
 * needs up to 31 terms and an exp per element, and GELU was half of a transformer forward. Here erf is
 * a rational function x·P(x²)/Q(x²) of degrees 13/8 on |x| < 4 and ±1 beyond (the minimax fit Eigen and
 * XLA use for float32): no exp, no branches, |error| ≤ 7e-8 against the exact erf, so GELU is within
 * 2e-7 absolute (4e-8 relative) of x·Φ(x) — below float32 rounding of the result for |x| ≥ 1.
 */
import { type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { at } from './checks.ts';
import { FLOAT, unaryRule } from './shape-rules.ts';

/** erf(x) to |error| ≤ 7e-8 (float32 accuracy); erf(±∞) = ±1, erf(NaN) = NaN. */
export function fastErf(a: number): number {
  if (a >= 4) return 1; // erfc(4) ≈ 1.5e-8: ±1 in float32, and GELU(−∞) = −∞·0 = NaN as in the primitive chain
  if (a <= -4) return -1;
  const x = a; // NaN falls through both tests and stays NaN
  const x2 = x * x;
  let p = x2 * -2.72614225801306e-10 + 2.77068142495902e-8;
  p = x2 * p - 2.10102402082508e-6;
  p = x2 * p - 5.69250639462346e-5;
  p = x2 * p - 7.34990630326855e-4;
  p = x2 * p - 2.95459980854025e-3;
  p = x2 * p - 1.60960333262415e-2;
  let q = x2 * -1.45660718464996e-5 - 2.13374055278905e-4;
  q = x2 * q - 1.68282697438203e-3;
  q = x2 * q - 7.37332916720468e-3;
  q = x2 * q - 1.42647390514189e-2;
  return (x * p) / q;
}

/** GELU(x) = 0.5·x·(1 + erf(x/√2)) elementwise over a float32 tensor, into a fresh output. */
export function gelu(inputs: readonly Tensor[]): Tensor {
  const type = unaryRule('Gelu', inputs, FLOAT);
  const src = at(inputs, 0).data;
  const out = zeros(type.dtype, type.shape);
  const dst = out.data;
  for (let i = 0; i < src.length; i++) {
    const x = src[i]!;
    dst[i] = 0.5 * x * (1 + fastErf(x * Math.SQRT1_2));
  }
  return out;
}

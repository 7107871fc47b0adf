/** Shared by the fast-plan tests: how far a fast-plan tensor is from the reference plan's. */
import { expect } from 'vitest';
import type { Tensor } from '../../graph-schema/tensor.ts';

/** Largest |fast − reference| / max(1, |reference|); NaN and ±∞ must match exactly (else Infinity). */
export function maxRelativeDiff(fast: Tensor, reference: Tensor): number {
  expect([...fast.shape]).toEqual([...reference.shape]);
  expect(fast.dtype).toBe(reference.dtype);
  let worst = 0;
  for (let i = 0; i < reference.data.length; i++) {
    const [f, r] = [fast.data[i]!, reference.data[i]!];
    if (Number.isNaN(r) || !Number.isFinite(r)) {
      if (!Object.is(f, r) && !(Number.isNaN(f) && Number.isNaN(r))) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(f - r) / Math.max(1, Math.abs(r)));
  }
  return worst;
}

/**
 * Cross-entropy and MSE against hand-computed values and central finite differences of their own loss.
 */
import { describe, expect, it } from 'vitest';
import { crossEntropy, IGNORE_INDEX, meanSquaredError } from '../../engine/train/losses.ts';

/** Central difference of `f` at every element of `x` (float64 copy, step h). */
function numericGradient(f: (x: Float32Array) => number, x: Float32Array, h = 1e-2): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const plus = Float32Array.from(x);
    const minus = Float32Array.from(x);
    plus[i] = x[i]! + h;
    minus[i] = x[i]! - h;
    out[i] = (f(plus) - f(minus)) / (plus[i]! - minus[i]!);
  }
  return out;
}

describe('crossEntropy', () => {
  it('equals −log softmax of the target by hand', () => {
    // Row [0, ln 2, ln 3]: softmax = [1, 2, 3] / 6; target 2 → −log(1/2) = ln 2; target 0 → ln 6.
    const logits = Float32Array.from([0, Math.log(2), Math.log(3), 0, Math.log(2), Math.log(3)]);
    const { loss, gradient, counted } = crossEntropy(logits, Int32Array.from([2, 0]), 3);
    expect(counted).toBe(2);
    expect(loss).toBeCloseTo((Math.log(2) + Math.log(6)) / 2, 6);
    // Row gradient (softmax − one_hot) / 2.
    const expected = [1 / 6, 2 / 6, 3 / 6 - 1, 1 / 6 - 1, 2 / 6, 3 / 6].map((v) => v / 2);
    expected.forEach((v, i) => expect(gradient[i]).toBeCloseTo(v, 6));
  });

  it('uniform logits give log V', () => {
    const v = 64;
    const { loss } = crossEntropy(new Float32Array(3 * v).fill(1.5), Int32Array.from([0, 17, 63]), v);
    expect(loss).toBeCloseTo(Math.log(v), 6);
  });

  it('ignores target −1 rows: they change neither the mean nor get a gradient', () => {
    const logits = Float32Array.from([1, 2, 3, 9, -9, 4, 0.5, 0.25, -1]);
    const all = crossEntropy(logits, Int32Array.from([2, IGNORE_INDEX, 0]), 3);
    const two = crossEntropy(Float32Array.from([1, 2, 3, 0.5, 0.25, -1]), Int32Array.from([2, 0]), 3);
    expect(all.counted).toBe(2);
    expect(all.loss).toBeCloseTo(two.loss, 7);
    expect(Array.from(all.gradient.subarray(3, 6))).toEqual([0, 0, 0]);
    expect(Array.from(all.gradient.subarray(0, 3))).toEqual(Array.from(two.gradient.subarray(0, 3)));
  });

  it('stays finite for huge logits (stable log-softmax)', () => {
    const { loss, gradient } = crossEntropy(Float32Array.from([1e30, 0, -1e30, 1000, 1001, 999]), Int32Array.from([1, 1]), 3);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(1e29 / 2); // row 1: −log softmax ≈ 1e30, averaged over 2 rows
    expect(gradient.every(Number.isFinite)).toBe(true);
  });

  it('matches central finite differences', () => {
    const logits = Float32Array.from({ length: 4 * 7 }, (_, i) => Math.sin(i * 1.7) * 2);
    const targets = Int32Array.from([3, IGNORE_INDEX, 6, 0]);
    const { gradient } = crossEntropy(logits, targets, 7);
    const numeric = numericGradient((x) => crossEntropy(x, targets, 7).loss, logits);
    let worst = 0;
    for (let i = 0; i < logits.length; i++) worst = Math.max(worst, Math.abs(gradient[i]! - numeric[i]!));
    expect(worst).toBeLessThan(2e-4);
  });

  it('an all-ignored batch has loss 0 and no gradient; bad sizes and targets throw', () => {
    const r = crossEntropy(Float32Array.from([1, 2]), Int32Array.from([IGNORE_INDEX]), 2);
    expect(r).toMatchObject({ loss: 0, counted: 0 });
    expect(Array.from(r.gradient)).toEqual([0, 0]);
    expect(() => crossEntropy(new Float32Array(5), Int32Array.from([0, 1]), 3)).toThrow(RangeError);
    expect(() => crossEntropy(new Float32Array(6), Int32Array.from([0, 3]), 3)).toThrow(/target 3/);
  });
});

describe('meanSquaredError', () => {
  it('by hand: ((1−0)² + (2−4)²) / 2 = 2.5, gradient 2(p − t)/n', () => {
    const { loss, gradient } = meanSquaredError(Float32Array.from([1, 2]), Float32Array.from([0, 4]));
    expect(loss).toBe(2.5);
    expect(Array.from(gradient)).toEqual([1, -2]);
  });

  it('matches central finite differences; mismatched lengths throw', () => {
    const p = Float32Array.from({ length: 9 }, (_, i) => Math.cos(i));
    const t = Float32Array.from({ length: 9 }, (_, i) => i / 5);
    const numeric = numericGradient((x) => meanSquaredError(x, t).loss, p);
    const { gradient } = meanSquaredError(p, t);
    for (let i = 0; i < p.length; i++) expect(gradient[i]).toBeCloseTo(numeric[i]!, 4);
    expect(() => meanSquaredError(p, new Float32Array(2))).toThrow(RangeError);
  });
});

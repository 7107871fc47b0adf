/**
 * Numerically hard inputs: softmax at ±1000 and with −∞, layer-norm statistics of a constant row,
 * erf against known values, float64 accumulation (and where MatMul uses float32), saturating activations.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { OPS } from '../../engine/ops/index.ts';
import { erf } from '../../engine/kernels/math.ts';
import { matmulReference, matmulWith } from '../../engine/kernels/matmul.ts';
import { f32, randomTensor, rng } from './helpers.ts';

const K = Object.fromEntries(Object.entries(OPS).map(([op, def]) => [op, def.kernel])) as { [Op in keyof typeof OPS]: (typeof OPS)[Op]['kernel'] };
const values = (t: Tensor): number[] => Array.from(t.data);

describe('Softmax', () => {
  const exact: [string, number[], number[]][] = [
    ['[1000, -1000]', [1000, -1000], [1, 0]],
    ['[-1000, 1000]', [-1000, 1000], [0, 1]],
    ['[1000, 1000]', [1000, 1000], [0.5, 0.5]],
    ['row with -Infinity entries', [-Infinity, 0, -Infinity], [0, 1, 0]],
    ['two finite maxima and -Infinity', [-Infinity, 3, 3], [0, 0.5, 0.5]],
    ['masked causal row', [2, -Infinity, -Infinity, -Infinity], [1, 0, 0, 0]],
    ['huge negative finite', [-3e38, 0], [0, 1]],
  ];
  for (const [name, x, want] of exact) {
    it(`${name} is exact`, () => {
      expect(values(K.Softmax([f32([x.length], x)], { axis: 0 }))).toEqual(want);
    });
  }

  it('a fully masked row gives NaN (as onnxruntime), not a crash', () => {
    const out = values(K.Softmax([f32([2], [-Infinity, -Infinity])], { axis: -1 }));
    expect(out.every(Number.isNaN)).toBe(true);
  });

  it('every row sums to 1 along any axis', () => {
    const next = rng(7);
    const x = randomTensor([3, 4, 5], next);
    for (const axis of [0, 1, 2, -1, -3]) {
      const out = K.Softmax([x], { axis });
      const sums = K.ReduceSum([out], { axes: [axis], keepdims: false });
      for (const s of sums.data) expect(Math.abs(s - 1)).toBeLessThan(1e-6);
    }
  });

  it('is invariant to shifting a row by a large constant', () => {
    const a = values(K.Softmax([f32([3], [1, 2, 3])], { axis: 0 }));
    const b = values(K.Softmax([f32([3], [5001, 5002, 5003])], { axis: 0 }));
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-7));
  });
});

describe('layer-norm statistics of a constant row', () => {
  for (const [c, width] of [[0.1, 768], [1000.1, 1000], [-3.3, 7]] as const) {
    it(`row of ${width} × ${c}: mean exact, variance 0, normalized 0`, () => {
      const x = f32([1, width], new Array<number>(width).fill(c)); // [1, d]
      const mean = K.ReduceMean([x], { axes: [-1], keepdims: true }); // [1, 1]
      expect(mean.data[0]).toBe(Math.fround(c));
      const centered = K.Sub([x, mean], {}); // [1, d]
      const variance = K.ReduceMean([K.Mul([centered, centered], {})], { axes: [-1], keepdims: true }); // [1, 1]
      expect(variance.data[0]).toBe(0);
      const denom = K.Sqrt([K.Add([variance, f32([], [1e-5])], {})], {}); // [1, 1]
      const y = K.Div([centered, denom], {}); // [1, d]
      expect(values(y).every((v) => v === 0)).toBe(true);
    });
  }
});

describe('erf', () => {
  // Reference values of erf (double precision).
  const known: [number, number][] = [
    [0, 0],
    [1e-10, 1.1283791670955126e-10],
    [0.01, 0.011283415555849616],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [-0.5, -0.5204998778130465],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [2.4999, 0.9995928300996666],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
    [-3, -0.9999779095030014],
    [3.5, 0.9999992569016276],
    [4, 0.9999999845827421],
    [5, 0.9999999999984626],
  ];
  for (const [x, want] of known) {
    it(`erf(${x}) within 1e-7 (scalar) and 1e-7 (float32 kernel)`, () => {
      expect(Math.abs(erf(x) - want)).toBeLessThan(1e-12);
      const k = K.Erf([f32([1], [x])], {}).data[0]!;
      expect(Math.abs(k - Math.fround(want))).toBeLessThan(1e-7);
    });
  }

  it('is odd, saturates, and keeps NaN', () => {
    for (let x = 0; x < 7; x += 0.37) expect(erf(-x)).toBe(-erf(x));
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(10)).toBe(1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });

  it('is monotone and continuous across the series / continued-fraction switch', () => {
    let prev = erf(2.4);
    for (let x = 2.4; x < 2.6; x += 1e-4) {
      const v = erf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
    expect(Math.abs(erf(2.5) - erf(2.5 - 1e-12))).toBeLessThan(1e-12);
  });
});

describe('saturation and accumulation', () => {
  it('Sigmoid and Tanh saturate without NaN', () => {
    expect(values(K.Sigmoid([f32([2], [-1e4, 1e4])], {}))).toEqual([0, 1]);
    expect(values(K.Tanh([f32([2], [-1e4, 1e4])], {}))).toEqual([-1, 1]);
  });

  it('ReduceSum accumulates in float64', () => {
    // In float32, 1e8 + 1 rounds back to 1e8, so a float32 accumulator would return 0.
    expect(values(K.ReduceSum([f32([3], [1e8, 1, -1e8])], { axes: [], keepdims: false }))).toEqual([1]);
    const many = f32([100000], new Array<number>(100000).fill(0.1));
    const s = K.ReduceSum([many], { axes: [0], keepdims: false }).data[0]!;
    expect(Math.abs(s - 100000 * Math.fround(0.1))).toBeLessThan(1e-3);
  });

  it('MatMul: the reference and JS kernels accumulate in float64, the WASM SIMD kernel in float32', () => {
    const a = f32([1, 3], [1e8, 1, -1e8]);
    const b = f32([3, 1], [1, 1, 1]);
    expect(values(matmulReference([a, b]))).toEqual([1]);
    expect(values(matmulWith('tiled', [a, b]))).toEqual([1]);
    // float32 (like onnxruntime's kernels): 1e8 + 1 rounds back to 1e8. Accepted: parity is checked to 1e-4.
    expect(values(matmulWith('wasm', [a, b]))).toEqual([0]);
  });
});

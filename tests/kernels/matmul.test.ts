/**
 * Every MatMul implementation (reference, JS tiled, WASM SIMD) against a naive float64 reference on
 * random odd sizes, including sizes that straddle the cache blocks, 1-D operands and broadcast batch
 * dims; plus its FLOP count. The float64-accumulating kernels must match to 1e-6, the float32-
 * accumulating WASM kernel to 1e-5 (relative for |values| > 1).
 */
import { describe, expect, it } from 'vitest';
import { float32, sizeOf, type Tensor } from '../../graph-schema/tensor.ts';
import { MATMUL_IMPLS, matmulWith } from '../../engine/kernels/matmul.ts';
import { OPS, staticFlops } from '../../engine/ops/index.ts';
import { broadcastIndex, close, randomTensor, rng, snapshot, unravel, expectTensor } from './helpers.ts';

/** numpy.matmul in float64, by explicit index arithmetic (no blocking, no shared helpers). */
function reference(a: Tensor, b: Tensor): Tensor {
  const aS = a.shape.length === 1 ? [1, a.shape[0]!] : [...a.shape];
  const bS = b.shape.length === 1 ? [b.shape[0]!, 1] : [...b.shape];
  const [M, K] = aS.slice(-2) as [number, number];
  const N = bS[bS.length - 1]!;
  const aB = aS.slice(0, -2);
  const bB = bS.slice(0, -2);
  const rank = Math.max(aB.length, bB.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = aB[aB.length - rank + i] ?? 1;
    const db = bB[bB.length - rank + i] ?? 1;
    batch.push(Math.max(da, db));
  }
  const out = new Float64Array(sizeOf(batch) * M * N);
  for (let p = 0; p < sizeOf(batch); p++) {
    const idx = unravel(p, batch);
    const aOff = broadcastIndex(idx, aB) * M * K;
    const bOff = broadcastIndex(idx, bB) * K * N;
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a.data[aOff + i * K + k]! * b.data[bOff + k * N + j]!;
        out[(p * M + i) * N + j] = s;
      }
  }
  const shape = [...batch];
  if (a.shape.length > 1) shape.push(M);
  if (b.shape.length > 1) shape.push(N);
  return float32(shape, out);
}

const SHAPES: [string, number[], number[], number[]][] = [
  ['1×1 · 1×1', [1, 1], [1, 1], [1, 1]],
  ['7×13 · 13×5', [7, 13], [13, 5], [7, 5]],
  ['batched [2,3,17,9] · [9,11]', [2, 3, 17, 9], [9, 11], [2, 3, 17, 11]],
  ['broadcast [3,1,4,5] · [2,5,6]', [3, 1, 4, 5], [2, 5, 6], [3, 2, 4, 6]],
  ['shared A [5,7] · [4,7,3]', [5, 7], [4, 7, 3], [4, 5, 3]],
  ['crosses every block edge 33×130 · 130×257', [33, 130], [130, 257], [33, 257]],
  ['1-D · batched [13] · [2,13,5]', [13], [2, 13, 5], [2, 5]],
  ['batched · 1-D [2,7,13] · [13]', [2, 7, 13], [13], [2, 7]],
  ['1-D · 1-D [129] · [129]', [129], [129], []],
];

describe.each(MATMUL_IMPLS)('MatMul (%s) vs naive float64 reference', (impl) => {
  const next = rng(12345);
  const matmul = (inputs: readonly Tensor[]) => matmulWith(impl, inputs);
  for (const [name, as, bs, outShape] of SHAPES) {
    it(name, () => {
      const a = randomTensor(as, next);
      const b = randomTensor(bs, next);
      const [a0, b0] = [snapshot(a), snapshot(b)];
      const got = matmul([a, b]);
      const want = reference(a, b);
      expect([...got.shape]).toEqual(outShape);
      expectTensor(got, want, impl === 'wasm' ? 1e-5 : 1e-6);
      expectTensor(a, a0, 0);
      expectTensor(b, b0, 0);
      expect([...OPS.MatMul.shape([a, b], {}).shape]).toEqual(outShape);
    });
  }

  it('propagates NaN and Infinity through zero entries (0 · ∞ = NaN)', () => {
    const a = float32([1, 2], [0, 1]);
    const b = float32([2, 2], [Infinity, 1, 2, 3]);
    const out = matmul([a, b]);
    expect(Number.isNaN(out.data[0]!)).toBe(true);
    expect(close(out.data[1]!, 3, 0)).toBe(true);
  });
});

describe('MatMul FLOPs', () => {
  const cases: [number[], number[], number][] = [
    [[7, 13], [13, 5], 2 * 7 * 13 * 5],
    [[2, 3, 17, 9], [9, 11], 2 * 2 * 3 * 17 * 9 * 11],
    [[3, 1, 4, 5], [2, 5, 6], 2 * 3 * 2 * 4 * 5 * 6],
    [[13], [13, 5], 2 * 13 * 5],
    [[13], [13], 2 * 13],
  ];
  for (const [as, bs, flops] of cases) {
    it(`[${as}] · [${bs}] = 2·M·K·N = ${flops}`, () => {
      const inputs = [{ dtype: 'float32' as const, shape: as }, { dtype: 'float32' as const, shape: bs }];
      expect(staticFlops('MatMul', inputs, {})).toBe(flops);
    });
  }
});

/**
 * The fast MatMul paths — WebAssembly SIMD and the plain-JS 4×4 tiled fallback, each picked explicitly
 * with `matmulWith` — against the float64 reference kernel: WASM equal within 1e-5 (relative for
 * |values| > 1, absolute below), JS tiled exactly. Random shapes cross every tile and block edge of both
 * kernels (WASM: 4×8 tile, K slices of 256, row blocks of 64, B packed from 32 rows of A; JS: 4×4 tile),
 * plus batched, broadcast, 1-D and zero-size operands, special values, other dtypes and memory growth.
 *
 * Why 1e-5 holds: the WASM kernel accumulates in float32, so its error grows like √K·2⁻²⁴ (summed per
 * 256-deep K slice, then added). For entries in [-1, 1) the worst element over ~10⁴–10⁵ outputs is
 * ≈ 7e-6 at K ≈ 500 and ≈ 1.3e-5 at K = 1024 (2e-5 at 4096), so these shapes keep K ≤ 513.
 */
import { describe, expect, it } from 'vitest';
import { float32, int64, type Tensor } from '../../graph-schema/tensor.ts';
import { defaultMatmulImpl, matmul, matmulReference, matmulWith, type MatmulImpl } from '../../engine/kernels/matmul.ts';
import { wasmGemmAvailable, wasmSimdSupported } from '../../engine/kernels/matmul-wasm.ts';
import { expectTensor, randomTensor, rng, snapshot } from './helpers.ts';

const FAST: readonly MatmulImpl[] = ['wasm', 'tiled'];
/** WASM: float32 accumulation. JS tiled: float64 products and sums in the reference's k order, so exact. */
const TOLERANCE: Readonly<Record<MatmulImpl, number>> = { wasm: 1e-5, tiled: 0, reference: 0 };

const SHAPES: [string, number[], number[], number[]][] = [
  ['1×1 · 1×1', [1, 1], [1, 1], [1, 1]],
  ['7×13 · 13×5', [7, 13], [13, 5], [7, 5]],
  ['33×65 · 65×17', [33, 65], [65, 17], [33, 17]],
  ['crosses the K slice, row block and both tiles: 67×300 · 300×9', [67, 300], [300, 9], [67, 9]],
  ['two K slices + remainder: 130×513 · 513×35', [130, 513], [513, 35], [130, 35]],
  ['wide N: 5×40 · 40×1001', [5, 40], [40, 1001], [5, 1001]],
  ['one row (decoding): [1,1,300] · [300,77]', [1, 1, 300], [300, 77], [1, 1, 77]],
  ['31 rows (WASM: B row-major): 31×70 · 70×13', [31, 70], [70, 13], [31, 13]],
  ['32 rows (WASM: B packed): 32×70 · 70×13', [32, 70], [70, 13], [32, 13]],
  ['33 rows: 33×70 · 70×16', [33, 70], [70, 16], [33, 16]],
  ['batched A, shared B (folded into M): [2,3,17,9] · [9,11]', [2, 3, 17, 9], [9, 11], [2, 3, 17, 11]],
  ['batched both: [2,5,7] · [2,7,3]', [2, 5, 7], [2, 7, 3], [2, 5, 3]],
  ['broadcast both ways: [3,1,4,5] · [2,5,6]', [3, 1, 4, 5], [2, 5, 6], [3, 2, 4, 6]],
  ['broadcast B batch: [2,1,5,7] · [1,3,7,4]', [2, 1, 5, 7], [1, 3, 7, 4], [2, 3, 5, 4]],
  ['shared A: [5,7] · [4,7,3]', [5, 7], [4, 7, 3], [4, 5, 3]],
  ['1-D · batched: [13] · [2,13,5]', [13], [2, 13, 5], [2, 5]],
  ['batched · 1-D: [2,7,13] · [13]', [2, 7, 13], [13], [2, 7]],
  ['1-D · 1-D: [129] · [129]', [129], [129], []],
  ['zero-size batch dim: [1,4,0,8] · [8,5]', [1, 4, 0, 8], [8, 5], [1, 4, 0, 5]],
  ['M = 0: [0,3] · [3,4]', [0, 3], [3, 4], [0, 4]],
  ['N = 0: [2,3] · [3,0]', [2, 3], [3, 0], [2, 0]],
  ['K = 0 gives zeros: [3,0] · [0,4]', [3, 0], [0, 4], [3, 4]],
  ['K = 0 batched: [2,3,0] · [2,0,5]', [2, 3, 0], [2, 0, 5], [2, 3, 5]],
  ['zero batch on B: [3,4] · [0,4,2]', [3, 4], [0, 4, 2], [0, 3, 2]],
];

describe('implementation choice', () => {
  it('WebAssembly SIMD is available in Node 20 and is the default', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(wasmGemmAvailable()).toBe(true);
    expect(defaultMatmulImpl()).toBe('wasm');
  });

  it('matmul() is matmulWith(default)', () => {
    const next = rng(7);
    const [a, b] = [randomTensor([9, 21], next), randomTensor([21, 10], next)];
    expectTensor(matmul([a, b]), matmulWith(defaultMatmulImpl(), [a, b]), 0);
  });
});

describe.each(FAST)('MatMul %s vs reference', (impl) => {
  const next = rng(2024);
  const TOL = TOLERANCE[impl];
  for (const [name, as, bs, outShape] of SHAPES) {
    it(name, () => {
      const a = randomTensor(as, next);
      const b = randomTensor(bs, next);
      const [a0, b0] = [snapshot(a), snapshot(b)];
      const got = matmulWith(impl, [a, b]);
      expect([...got.shape]).toEqual(outShape);
      expectTensor(got, matmulReference([a, b]), TOL);
      expectTensor(a, a0, 0); // inputs untouched
      expectTensor(b, b0, 0);
    });
  }

  it('every M mod 4, N mod 8 and small K (1…9 × 1…3,8,11 × 1…17)', () => {
    for (let M = 1; M <= 9; M++)
      for (const K of [1, 2, 3, 8, 11])
        for (let N = 1; N <= 17; N++) {
          const [a, b] = [randomTensor([M, K], next), randomTensor([K, N], next)];
          expectTensor(matmulWith(impl, [a, b]), matmulReference([a, b]), TOL);
        }
  });

  it('large magnitudes stay within 1e-5 relative', () => {
    const a = float32([6, 40], Array.from({ length: 240 }, () => next() * 1e3));
    const b = float32([40, 10], Array.from({ length: 400 }, () => 2 + next() * 1e2));
    expectTensor(matmulWith(impl, [a, b]), matmulReference([a, b]), TOL);
  });

  it('propagates NaN and Infinity through zero entries (0 · ∞ = NaN)', () => {
    const a = float32([1, 2], [0, 1]);
    const b = float32([2, 2], [Infinity, 1, 2, 3]);
    const out = matmulWith(impl, [a, b]);
    expect(Number.isNaN(out.data[0]!)).toBe(true);
    expect(out.data[1]).toBe(3);
    const nan = matmulWith(impl, [float32([2, 1], [NaN, 1]), float32([1, 3], [1, 2, -Infinity])]);
    expect([...nan.data].slice(0, 3).every(Number.isNaN)).toBe(true);
    expect([...nan.data].slice(3)).toEqual([1, 2, -Infinity]);
  });

  it('int64 operands take the reference path (exact)', () => {
    const a = int64([2, 3], [1, -2, 3, 4, 5, -6]);
    const b = int64([3, 2], [7, 8, 9, 10, -11, 12]);
    const got = matmulWith(impl, [a, b]);
    expect(got.dtype).toBe('int64');
    expect([...got.data]).toEqual([1 * 7 - 2 * 9 - 3 * 11, 1 * 8 - 2 * 10 + 3 * 12, 4 * 7 + 5 * 9 + 6 * 11, 4 * 8 + 5 * 10 - 6 * 12]);
  });

  it('stays correct across buffer growth: small, large, small', () => {
    const cases: [number, number, number][] = [[3, 5, 7], [300, 400, 260], [9, 4, 13]];
    for (const [M, K, N] of cases) {
      const [a, b] = [randomTensor([M, K], next), randomTensor([K, N], next)];
      expectTensor(matmulWith(impl, [a, b]), matmulReference([a, b]), TOL);
    }
  });
});

describe('reference path', () => {
  it("matmulWith('reference') is matmulReference", () => {
    const next = rng(99);
    const [a, b] = [randomTensor([3, 17, 9], next), randomTensor([9, 5], next)];
    const want: Tensor = matmulReference([a, b]);
    expectTensor(matmulWith('reference', [a, b]), want, 0);
  });
});

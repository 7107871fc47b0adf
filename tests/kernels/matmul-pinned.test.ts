/**
 * Pinned weights (`pinMatrix`): the WebAssembly GEMM packs a pinned B once into its cache region and reads
 * it from there afterwards. The products must equal the float64 reference as the uncached path does
 * (within 1e-5), on the first call and on every later one, for decoding (M = 1), a few rows and many,
 * N not a multiple of the 8-column panel, and with other pinned and unpinned products in between (the
 * scratch area moves up when the cache grows).
 */
import { describe, expect, it } from 'vitest';
import { float32, type Tensor } from '../../graph-schema/tensor.ts';
import { matmulReference, matmulWith } from '../../engine/kernels/matmul.ts';
import { pinMatrix, wasmGemmAvailable } from '../../engine/kernels/matmul-wasm.ts';
import { expectTensor, randomTensor, rng } from './helpers.ts';

function pinned(shape: number[], seed: number): Tensor {
  const t = randomTensor(shape, rng(seed));
  pinMatrix(t.data as Float32Array);
  return t;
}

describe.runIf(wasmGemmAvailable())('MatMul with a pinned weight', () => {
  const weights = [pinned([300, 77], 1), pinned([64, 1000], 2), pinned([513, 35], 3)];

  it.each([1, 3, 40])('M = %i: equals the reference on first use and every later call', (M) => {
    const random = rng(10 + M);
    for (let round = 0; round < 3; round++) {
      for (const w of weights) {
        const a = randomTensor([1, M, w.shape[0]!], random);
        expectTensor(matmulWith('wasm', [a, w]), matmulReference([a, w]), 1e-5);
        const other = randomTensor([w.shape[0]!, 5], random); // unpinned: copied, packed scratch after the cache
        expectTensor(matmulWith('wasm', [a, other]), matmulReference([a, other]), 1e-5);
      }
    }
  });

  it('a pinned batch of matrices is read per batch entry (only whole matrices are cached)', () => {
    const w = pinned([2, 4, 8], 4); // [batch 2, K 4, N 8]: each product reads half of the array
    const a = randomTensor([2, 3, 4], rng(5));
    for (let round = 0; round < 2; round++) expectTensor(matmulWith('wasm', [a, w]), matmulReference([a, w]), 1e-5);
  });
});

/**
 * The reference MatMul: numpy semantics (1-D operands, broadcast batch dims), as a cache-blocked i-k-j
 * product accumulated in float64. Plain, allocation-free inner loops. Kept as the oracle the fast paths
 * (matmul.ts) are tested against, and used for non-float32 dtypes.
 */
import { type Tensor, type TensorArray } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { broadcastStrides, walk } from './broadcast.ts';
import { at } from './checks.ts';
import { matmulDims, matmulRule } from './shape-rules.ts';

/** Rows of A per block (rows of the accumulator tile). */
const MB = 16;
/** Columns of B per block (columns of the accumulator tile): 16 × 128 float64 = 16 KiB. */
const NB = 128;
/** Depth per block: a 64 × 128 float32 panel of B (32 KiB) is reused by all MB rows. */
const KB = 64;

/** Length of the float64 accumulator {@link gemmReference} needs. */
export const REFERENCE_ACC_SIZE = MB * NB;

/**
 * Offsets (in elements) of each batch matrix of an operand with batch shape `batch`, listed in
 * row-major order of the broadcast batch shape `outBatch`; `matSize` is the matrix's element count.
 */
export function batchOffsets(batch: readonly number[], outBatch: readonly number[], matSize: number): Int32Array {
  const offsets = new Int32Array(outBatch.reduce((a, b) => a * b, 1));
  walk(outBatch, [broadcastStrides(batch, outBatch)], [0], (o, offs, steps, len) => {
    for (let k = 0; k < len; k++) offsets[o + k] = (offs[0]! + k * steps[0]!) * matSize;
  });
  return offsets;
}

/**
 * out[oBase + i·N + j] = Σ_k a[aBase + i·K + k] · b[bBase + k·N + j] for one M×K · K×N product.
 * Loops over (i, j) tiles of the output; within a tile, over k blocks, then i, k, j, so the inner
 * loop runs contiguously along a row of B and a row of the float64 accumulator `acc` (≥ REFERENCE_ACC_SIZE).
 */
export function gemmReference(
  a: TensorArray, aBase: number,
  b: TensorArray, bBase: number,
  out: TensorArray, oBase: number,
  M: number, K: number, N: number,
  acc: Float64Array,
): void {
  for (let i0 = 0; i0 < M; i0 += MB) {
    const iEnd = Math.min(M, i0 + MB);
    for (let j0 = 0; j0 < N; j0 += NB) {
      const w = Math.min(N, j0 + NB) - j0; // tile width
      acc.fill(0, 0, (iEnd - i0) * w);
      for (let k0 = 0; k0 < K; k0 += KB) {
        const kEnd = Math.min(K, k0 + KB);
        for (let i = i0; i < iEnd; i++) {
          const accRow = (i - i0) * w;
          const aRow = aBase + i * K;
          for (let k = k0; k < kEnd; k++) {
            const aik = a[aRow + k]!;
            const bRow = bBase + k * N + j0;
            for (let j = 0; j < w; j++) acc[accRow + j] = acc[accRow + j]! + aik * b[bRow + j]!;
          }
        }
      }
      for (let i = i0; i < iEnd; i++) {
        const accRow = (i - i0) * w;
        const oRow = oBase + i * N + j0;
        for (let j = 0; j < w; j++) out[oRow + j] = acc[accRow + j]!;
      }
    }
  }
}

/** Reference MatMul(A [..., M, K], B [..., K, N]) → [broadcast(...), M, N] (numpy matmul rules). */
export function matmulReference(inputs: readonly Tensor[]): Tensor {
  const type = matmulRule('MatMul', inputs);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  const { batchShape, aBatch, bBatch, M, K, N } = matmulDims('MatMul', a, b);
  const out = zeros(type.dtype, type.shape); // [...batch, M, N] with 1-D dims dropped
  const aOffsets = batchOffsets(aBatch, batchShape, M * K);
  const bOffsets = batchOffsets(bBatch, batchShape, K * N);
  const acc = new Float64Array(REFERENCE_ACC_SIZE);
  for (let p = 0; p < aOffsets.length; p++) {
    gemmReference(a.data, aOffsets[p]!, b.data, bOffsets[p]!, out.data, p * M * N, M, K, N, acc);
  }
  return out;
}

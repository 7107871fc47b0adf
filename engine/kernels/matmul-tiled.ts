/**
 * The plain-JavaScript GEMM (fallback when WebAssembly SIMD is unavailable): both operands packed into
 * 4-wide float64 panels (pack.ts; doubles, so the inner loop does no float32 → float64 conversions),
 * then a 4×4 register tile of C — sixteen local accumulators, which V8 keeps in registers as float64 —
 * swept over the whole depth K. Per k it reads 4 + 4 sequential values and does 16 multiply-adds, so it
 * is compute-bound instead of load-bound like the i-k-j reference. Loop order: B panel outer (one 4×K
 * panel stays in L1), A panels inner. Accumulating in float64 like the reference, in the same k order,
 * it reproduces the reference's results.
 */
import { packColumnPanels, packRowPanels, roundUp } from './pack.ts';

/** Tile edge (rows of A and columns of B per panel). */
const T = 4;

/** Packing scratch, reused across calls (kernels are synchronous, so never shared mid-call). */
let scratch = new Float64Array(0);

function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/**
 * out[oBase + i·N + j] = Σ_k a[aBase + i·K + k] · b[bBase + k·N + j] for one M×K · K×N product
 * (row-major, overwrites the M×N block of `out`).
 */
export function gemmTiled(
  a: Float32Array, aBase: number,
  b: Float32Array, bBase: number,
  out: Float32Array, oBase: number,
  M: number, K: number, N: number,
): void {
  const mp = roundUp(M, T);
  const np = roundUp(N, T);
  const buf = scratchOf((mp + np) * K);
  const bAt = mp * K; // packed A at 0, packed B after it
  packRowPanels(buf, 0, a, aBase, M, K, T);
  packColumnPanels(buf, bAt, b, bBase, K, N, T);
  for (let j = 0; j < N; j += T) {
    const bPanel = bAt + j * K;
    for (let i = 0; i < M; i += T) {
      let pa = i * K; // A panel of rows i … i+3
      let pb = bPanel;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0; k < K; k++, pa += T, pb += T) {
        const a0 = buf[pa]!, a1 = buf[pa + 1]!, a2 = buf[pa + 2]!, a3 = buf[pa + 3]!;
        const b0 = buf[pb]!, b1 = buf[pb + 1]!, b2 = buf[pb + 2]!, b3 = buf[pb + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const rows = Math.min(T, M - i);
      const cols = Math.min(T, N - j);
      if (rows === T && cols === T) {
        let o = oBase + i * N + j;
        out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03; o += N;
        out[o] = c10; out[o + 1] = c11; out[o + 2] = c12; out[o + 3] = c13; o += N;
        out[o] = c20; out[o + 1] = c21; out[o + 2] = c22; out[o + 3] = c23; o += N;
        out[o] = c30; out[o + 1] = c31; out[o + 2] = c32; out[o + 3] = c33;
      } else {
        // Edge tile: copy only the rows and columns inside M×N (the rest met zero padding).
        const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < rows; r++) {
          const o = oBase + (i + r) * N + j;
          for (let c = 0; c < cols; c++) out[o + c] = tile[r * T + c]!;
        }
      }
    }
  }
}

/**
 * Operand packing for the plain-JS tiled GEMM (matmul-tiled.ts): copies a row-major float32 matrix into
 * the float64 panel layout its micro-kernel reads sequentially, padding the last panel with zeros so the
 * kernel never tests edges. Zero padding only ever meets padded rows/columns of the output, which are not
 * copied out. (The WASM kernel packs B itself, in wasm: see wasm/gemm-module.ts.)
 */

/** `n` rounded up to a multiple of `m`. */
export function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

/**
 * Packs the M×K row-major matrix at `src[base]` into `mr`-row panels at `dst[at]`: panel p holds rows
 * mr·p … mr·p+mr-1 as K groups of `mr` values (`[k][r]`), so row i, column k lands at
 * `at + floor(i/mr)·K·mr + k·mr + i%mr`. Rows past M are zero. Writes roundUp(M, mr)·K floats.
 */
export function packRowPanels(dst: Float64Array, at: number, src: Float32Array, base: number, M: number, K: number, mr: number): void {
  const mp = roundUp(M, mr);
  for (let i = 0; i < mp; i++) {
    let o = at + Math.floor(i / mr) * K * mr + (i % mr);
    if (i < M) {
      const s = base + i * K;
      for (let k = 0; k < K; k++, o += mr) dst[o] = src[s + k]!;
    } else {
      for (let k = 0; k < K; k++, o += mr) dst[o] = 0;
    }
  }
}

/**
 * Packs the K×N row-major matrix at `src[base]` into `nr`-column panels at `dst[at]`: panel q holds
 * columns nr·q … nr·q+nr-1 as K groups of `nr` values (`[k][c]`), so row k, column j lands at
 * `at + floor(j/nr)·K·nr + k·nr + j%nr`. Columns past N are zero. Writes roundUp(N, nr)·K floats.
 */
export function packColumnPanels(dst: Float64Array, at: number, src: Float32Array, base: number, K: number, N: number, nr: number): void {
  for (let j0 = 0; j0 < N; j0 += nr) {
    const w = Math.min(nr, N - j0);
    let o = at + j0 * K; // = (j0 / nr) · K · nr
    for (let k = 0; k < K; k++, o += nr) {
      const s = base + k * N + j0;
      for (let c = 0; c < w; c++) dst[o + c] = src[s + c]!;
      for (let c = w; c < nr; c++) dst[o + c] = 0;
    }
  }
}

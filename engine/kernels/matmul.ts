/**
 * MatMul with numpy semantics (1-D operands, broadcast batch dims). float32 products run on a fast
 * GEMM — WebAssembly SIMD when the engine supports it, else a register-tiled JavaScript kernel — and
 * every other dtype on the float64-accumulating reference (matmul-reference.ts), which is also the
 * oracle the fast paths are tested against. The fast paths accumulate in float32 (WASM) or float64
 * (JS), so they differ from the reference only by float32 rounding.
 */
import { type Tensor, sizeOf } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { at } from './checks.ts';
import { REFERENCE_ACC_SIZE, batchOffsets, gemmReference, matmulReference } from './matmul-reference.ts';
import { gemmTiled } from './matmul-tiled.ts';
import { gemmWasm, wasmGemmAvailable } from './matmul-wasm.ts';
import { type MatMulDims, matmulDims, matmulRule } from './shape-rules.ts';

export { batchOffsets, matmulReference } from './matmul-reference.ts';

/** A MatMul implementation: the float64 reference, the plain-JS 4×4 tiled kernel (reference below 4 rows) or WebAssembly SIMD. */
export type MatmulImpl = 'reference' | 'tiled' | 'wasm';

/** Every implementation, fastest last. */
export const MATMUL_IMPLS: readonly MatmulImpl[] = ['reference', 'tiled', 'wasm'];

/** The implementation {@link matmul} uses for float32: `wasm` where WebAssembly SIMD works, else `tiled`. */
export function defaultMatmulImpl(): MatmulImpl {
  return wasmGemmAvailable() ? 'wasm' : 'tiled';
}

/** One M×K · K×N product into out[oBase …] (row-major operands at the given element offsets). */
type Gemm = (a: Float32Array, aBase: number, b: Float32Array, bBase: number, out: Float32Array, oBase: number, M: number, K: number, N: number) => void;

let referenceAcc: Float64Array | undefined;

/** JS: the 4×4 tiled kernel, or the reference below 4 rows (no tile to fill; packing B would dominate). */
const tiled: Gemm = (a, aBase, b, bBase, out, oBase, M, K, N) => {
  if (M >= 4) gemmTiled(a, aBase, b, bBase, out, oBase, M, K, N);
  else gemmReference(a, aBase, b, bBase, out, oBase, M, K, N, (referenceAcc ??= new Float64Array(REFERENCE_ACC_SIZE)));
};

/** WebAssembly SIMD, falling back to JS if the module is unavailable or its memory cannot grow enough. */
const wasmOrTiled: Gemm = (a, aBase, b, bBase, out, oBase, M, K, N) => {
  if (!gemmWasm(a, aBase, b, bBase, out, oBase, M, K, N)) tiled(a, aBase, b, bBase, out, oBase, M, K, N);
};

/** Runs `gemm` over the broadcast batch of a float32 product into the zeroed `out`. */
function batched(gemm: Gemm, a: Float32Array, b: Float32Array, out: Float32Array, dims: MatMulDims): void {
  const { batchShape, aBatch, bBatch, M, K, N } = dims;
  if (out.length === 0 || K === 0) return; // empty output, or an empty sum: all zeros already
  if (sizeOf(bBatch) === 1) {
    // One B for every batch entry, and A not broadcast: A is one (batch·M)×K matrix, out (batch·M)×N.
    gemm(a, 0, b, 0, out, 0, sizeOf(batchShape) * M, K, N);
    return;
  }
  const aOffsets = batchOffsets(aBatch, batchShape, M * K);
  const bOffsets = batchOffsets(bBatch, batchShape, K * N);
  for (let p = 0; p < aOffsets.length; p++) gemm(a, aOffsets[p]!, b, bOffsets[p]!, out, p * M * N, M, K, N);
}

/**
 * MatMul(A [..., M, K], B [..., K, N]) → [broadcast(...), M, N] with an explicit implementation
 * (for tests and benchmarks). Non-float32 inputs always use the reference; `wasm` falls back to
 * `tiled` where WebAssembly SIMD is unavailable or its memory cannot hold the operands.
 */
export function matmulWith(impl: MatmulImpl, inputs: readonly Tensor[]): Tensor {
  const type = matmulRule('MatMul', inputs);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  if (impl === 'reference' || !(a.data instanceof Float32Array) || !(b.data instanceof Float32Array)) return matmulReference(inputs);
  const out = zeros(type.dtype, type.shape); // [...batch, M, N] with 1-D dims dropped
  if (!(out.data instanceof Float32Array)) return matmulReference(inputs);
  batched(impl === 'wasm' ? wasmOrTiled : tiled, a.data, b.data, out.data, matmulDims('MatMul', a, b));
  return out;
}

/** MatMul(A [..., M, K], B [..., K, N]) → [broadcast(...), M, N] (numpy matmul rules), fastest implementation. */
export function matmul(inputs: readonly Tensor[]): Tensor {
  return matmulWith(defaultMatmulImpl(), inputs);
}

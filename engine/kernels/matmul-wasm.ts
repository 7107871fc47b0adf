/**
 * The WebAssembly SIMD GEMM: instantiates the hand-emitted module of wasm/gemm-module.ts once, copies
 * both operands into its linear memory (growing it as needed) with B's columns zero-padded, lets the
 * module pack B into panels when enough rows of A will reuse them, runs `gemm` and copies C out.
 * Compilation is synchronous (`new WebAssembly.Module`): fine in Node and workers, and on a browser
 * main thread because the module is far below Chromium's 4 KiB limit for synchronous compiles.
 */
import { NR, gemmModuleBytes, simdProbeBytes } from './wasm/gemm-module.ts';
import { roundUp } from './pack.ts';

/** WebAssembly page size in bytes. */
const PAGE = 65536;
/** Largest linear memory we ask for (wasm32 addresses; engines cap memories at 2–4 GiB). */
const MAX_BYTES = 2 ** 31;
/**
 * Pack B into panels when A has at least this many rows: then each B slice is re-read by many row tiles
 * and sequential panels beat strided rows (≈ +10 %); below it, packing costs more than it saves
 * (measured on K, N ∈ 256…1024; decoding has M = 1).
 */
const PACK_MIN_ROWS = 32;

interface GemmInstance {
  readonly memory: WebAssembly.Memory;
  readonly gemm: (a: number, b: number, c: number, m: number, np: number, k: number, bj: number, ldb: number) => void;
  readonly pack: (src: number, dst: number, k: number, np: number) => void;
  /** Float view of `memory`, replaced whenever a grow detaches the old buffer. */
  heap: Float32Array;
}

let instance: GemmInstance | null | undefined; // undefined: not tried yet; null: unavailable

/** Does this engine validate a WebAssembly SIMD (v128) module? */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(simdProbeBytes());
  } catch {
    return false;
  }
}

/** Narrows an export to a function; its signature is the one gemm-module.ts emits for that name. */
function isFunction<F extends (...args: never[]) => unknown>(f: unknown): f is F {
  return typeof f === 'function';
}

/** The instantiated module, or null when WebAssembly SIMD is unavailable or compilation fails. */
function load(): GemmInstance | null {
  if (instance !== undefined) return instance;
  instance = null;
  if (!wasmSimdSupported()) return instance;
  try {
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(gemmModuleBytes()), {});
    const { memory, gemm, pack } = exports;
    if (memory instanceof WebAssembly.Memory && isFunction<GemmInstance['gemm']>(gemm) && isFunction<GemmInstance['pack']>(pack)) {
      instance = { memory, gemm, pack, heap: new Float32Array(memory.buffer) };
    }
  } catch {
    instance = null;
  }
  return instance;
}

/** Is the WebAssembly SIMD GEMM usable here (module compiled and instantiated)? */
export function wasmGemmAvailable(): boolean {
  return load() !== null;
}

/** Grows `memory` to at least `bytes`; false if the engine refuses. */
function reserve(memory: WebAssembly.Memory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  if (bytes > MAX_BYTES) return false;
  try {
    memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}

/**
 * out[oBase + i·N + j] = Σ_k a[aBase + i·K + k] · b[bBase + k·N + j] for one M×K · K×N product in
 * WebAssembly SIMD, f32 accumulation (overwrites the M×N block of `out`). Returns false, leaving `out`
 * untouched, if the module is unavailable or its memory cannot hold the packed operands.
 */
export function gemmWasm(
  a: Float32Array, aBase: number,
  b: Float32Array, bBase: number,
  out: Float32Array, oBase: number,
  M: number, K: number, N: number,
): boolean {
  const wasm = load();
  if (wasm === null) return false;
  const np = roundUp(N, NR);
  const packed = M >= PACK_MIN_ROWS;
  // Layout in floats: A [0, M·K), B [bAt, bAt + K·np), C [cAt, cAt + M·np), packed B [pAt, pAt + K·np).
  const bAt = M * K;
  const cAt = bAt + K * np;
  const pAt = cAt + M * np;
  const end = packed ? pAt + K * np : pAt;
  if (!reserve(wasm.memory, end * 4)) return false;
  if (wasm.heap.buffer !== wasm.memory.buffer) wasm.heap = new Float32Array(wasm.memory.buffer); // grown
  const heap = wasm.heap;
  heap.set(a.subarray(aBase, aBase + M * K), 0); // A rows are contiguous at stride K: one copy
  if (np === N) heap.set(b.subarray(bBase, bBase + K * N), bAt);
  else {
    for (let k = 0; k < K; k++) {
      heap.set(b.subarray(bBase + k * N, bBase + (k + 1) * N), bAt + k * np);
      heap.fill(0, bAt + k * np + N, bAt + (k + 1) * np); // padding columns
    }
  }
  heap.fill(0, cAt, pAt); // gemm accumulates into C
  if (packed) {
    wasm.pack(bAt * 4, pAt * 4, K, np);
    wasm.gemm(0, pAt * 4, cAt * 4, M, np, K, K * 4, NR * 4);
  } else {
    wasm.gemm(0, bAt * 4, cAt * 4, M, np, K, 4, np * 4);
  }
  if (np === N) out.set(heap.subarray(cAt, cAt + M * N), oBase);
  else for (let i = 0; i < M; i++) out.set(heap.subarray(cAt + i * np, cAt + i * np + N), oBase + i * N);
  return true;
}

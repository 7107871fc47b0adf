/**
 * The WebAssembly SIMD GEMM: instantiates the hand-emitted module of wasm/gemm-module.ts once, copies
 * both operands into its linear memory (growing it as needed) with B's columns zero-padded, lets the
 * module pack B into panels when enough rows of A will reuse them, runs `gemm` and copies C out.
 * A pinned B (a session's weights, `pinMatrix`) is packed once into a cache region at the bottom of the
 * memory and read from there on every later call, so decoding (M = 1) no longer copies its weights.
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
 * Matrices promised never to change (a session's weights, see {@link pinMatrix}): their packed copy stays
 * in WebAssembly memory between calls, so a product with them copies only A — the whole cost of a
 * decoding step's M = 1 products used to be copying the weight.
 */
const pinned = new WeakSet<Float32Array>();
/** Float offset of each pinned matrix's packed copy in the cache region [0, cacheEnd) of the heap. */
let packedAt = new WeakMap<Float32Array, number>();
let cacheEnd = 0;
/** Largest cache region in floats (128 MiB); when full it is emptied and refilled on demand. */
const CACHE_LIMIT = 32 * 1024 * 1024;

/**
 * Promises that `data` (a row-major weight matrix, read as B) is never written again, so its packed copy
 * can stay in WebAssembly memory. Writing it afterwards gives wrong products; copy it first if unsure.
 */
export function pinMatrix(data: Float32Array): void {
  pinned.add(data);
}

/**
 * The float offset of B's packed panels in the heap, packing them into the cache region first if needed;
 * undefined when B is not pinned (or does not fit, or memory cannot grow).
 */
function cachedPanels(wasm: GemmInstance, b: Float32Array, bBase: number, K: number, N: number, np: number): number | undefined {
  if (bBase !== 0 || b.length !== K * N || !pinned.has(b)) return undefined;
  const known = packedAt.get(b);
  if (known !== undefined) return known;
  const size = K * np;
  if (size > CACHE_LIMIT) return undefined;
  if (cacheEnd + size > CACHE_LIMIT) {
    packedAt = new WeakMap(); // empty the region; every pinned matrix is packed again on its next use
    cacheEnd = 0;
  }
  const at = cacheEnd;
  const rows = at + size; // row-major staging copy right after the slot, then packed into the slot
  if (!reserve(wasm.memory, (rows + size) * 4)) return undefined;
  const heap = heapOf(wasm);
  copyPadded(heap, rows, b, 0, K, N, np);
  wasm.pack(rows * 4, at * 4, K, np);
  cacheEnd = at + size;
  packedAt.set(b, at);
  return at;
}

/** The current float view of the module's memory (a grow detaches the old one). */
function heapOf(wasm: GemmInstance): Float32Array {
  if (wasm.heap.buffer !== wasm.memory.buffer) wasm.heap = new Float32Array(wasm.memory.buffer);
  return wasm.heap;
}

/** Copies row-major B (K×N at b[bBase]) to heap[at] with rows of np floats, zeroing the padding. */
function copyPadded(heap: Float32Array, at: number, b: Float32Array, bBase: number, K: number, N: number, np: number): void {
  if (np === N) {
    heap.set(b.subarray(bBase, bBase + K * N), at);
    return;
  }
  for (let k = 0; k < K; k++) {
    heap.set(b.subarray(bBase + k * N, bBase + (k + 1) * N), at + k * np);
    heap.fill(0, at + k * np + N, at + (k + 1) * np); // padding columns
  }
}

/**
 * out[oBase + i·N + j] = Σ_k a[aBase + i·K + k] · b[bBase + k·N + j] for one M×K · K×N product in
 * WebAssembly SIMD, f32 accumulation (overwrites the M×N block of `out`). Returns false, leaving `out`
 * untouched, if the module is unavailable or its memory cannot hold the packed operands. A pinned B
 * ({@link pinMatrix}) is packed once and read from the cache on every later call.
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
  const cached = cachedPanels(wasm, b, bBase, K, N, np);
  const packed = cached !== undefined || M >= PACK_MIN_ROWS;
  // Layout in floats, after the cache region: A [aAt, +M·K), B [bAt, +K·np) unless cached, C [cAt, +M·np),
  // packed B [pAt, +K·np) when packed here.
  const aAt = cacheEnd;
  const bAt = aAt + M * K;
  const cAt = bAt + (cached === undefined ? K * np : 0);
  const pAt = cAt + M * np;
  const end = packed && cached === undefined ? pAt + K * np : pAt;
  if (!reserve(wasm.memory, end * 4)) return false;
  const heap = heapOf(wasm);
  heap.set(a.subarray(aBase, aBase + M * K), aAt); // A rows are contiguous at stride K: one copy
  if (cached === undefined) copyPadded(heap, bAt, b, bBase, K, N, np);
  heap.fill(0, cAt, pAt); // gemm accumulates into C
  if (cached !== undefined) {
    wasm.gemm(aAt * 4, cached * 4, cAt * 4, M, np, K, K * 4, NR * 4);
  } else if (packed) {
    wasm.pack(bAt * 4, pAt * 4, K, np);
    wasm.gemm(aAt * 4, pAt * 4, cAt * 4, M, np, K, K * 4, NR * 4);
  } else {
    wasm.gemm(aAt * 4, bAt * 4, cAt * 4, M, np, K, 4, np * 4);
  }
  if (np === N) out.set(heap.subarray(cAt, cAt + M * N), oBase);
  else for (let i = 0; i < M; i++) out.set(heap.subarray(cAt + i * np, cAt + i * np + N), oBase + i * N);
  return true;
}

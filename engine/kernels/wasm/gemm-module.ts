/**
 * The bytes of a small WebAssembly SIMD module computing C += A·B in float32 in its own linear memory,
 * emitted by hand with `encode.ts`. Addresses and strides are in bytes. The caller (matmul-wasm.ts) copies
 * the operands in row-major, B and C with np = ⌈N/NR⌉·NR columns (padding zeroed), so the kernels never
 * test column edges; padded columns of C are not copied out. Rows need no padding: the last M mod MR rows
 * go through a one-row micro-kernel.
 *
 * Exports:
 * - `gemm(a, b, c, m, np, k, bj, ldb)`: C (m×np, row stride 4·np) += A (m×k, row stride 4·k) · B.
 *   B is described by two strides so one kernel reads both layouts: the NR floats of row k at column j
 *   (a multiple of NR) start at `b + j·bj + k·ldb`. Row-major B: bj = 4, ldb = 4·np. Packed B (below):
 *   bj = 4·k, ldb = 4·NR.
 * - `pack(src, dst, k, np)`: copies row-major B (k×np) into NR-column panels — panel q holds columns
 *   NR·q … NR·q+NR-1 as k contiguous groups of NR floats — so the kernel streams B sequentially
 *   (prefetch- and TLB-friendly). Worth it when many row tiles of A reuse B.
 * - `memory`.
 *
 * The micro-kernel keeps an MR×NR = 4×8 tile of C in eight f32x4 locals (registers) and per k adds the
 * outer product of an A column (four `v128.load32_splat`) and a B row (two `v128.load`) with f32x4.mul +
 * f32x4.add: no FMA (relaxed SIMD is not available everywhere). The driver blocks it GotoBLAS-style:
 * KC-deep slices of K, MC-row blocks of A (kept in L2), one B panel slice (kept in L1) per sweep.
 */
import { FuncBody, HEADER, I32, V128, funcType, name, section, u32, vec } from './encode.ts';

/** Rows of the micro-kernel tile. */
export const MR = 4;
/** Columns of the micro-kernel tile (two f32x4). */
export const NR = 8;
/** Depth of a K slice: a KC×NR slice of B is 8 KiB. */
const KC = 256;
/** Rows of an A block: MC×KC floats = 64 KiB, kept in L2 while every B panel streams past. */
const MC = 64;

/**
 * micro(a, b, c, kc, lda, ldb, ldc) for `rowCount` = MR (the main tile) or 1 (the last M mod MR rows):
 * C[0:rowCount, 0:8] += A[0:rowCount, 0:kc] · B[0:kc, 0:8], where A row r starts at a + r·lda, B row k at
 * b + k·ldb and C row r at c + r·ldc.
 */
function microKernel(rowCount: number): FuncBody {
  const [a, b, c, kc, lda, ldb, ldc] = [0, 1, 2, 3, 4, 5, 6];
  const f = new FuncBody(7);
  const rows = [a, ...Array.from({ length: rowCount - 1 }, () => f.local(I32))]; // A row pointers, advanced along k
  const acc = rows.map(() => [f.local(V128), f.local(V128)] as const); // C row r: columns 0:4, 4:8
  const [b0, b1, av] = [f.local(V128), f.local(V128), f.local(V128)];

  for (let r = 1; r < rowCount; r++) f.get(rows[r - 1]!).get(lda).i32Add().set(rows[r]!); // row r = row r-1 + lda
  // acc ← 0 (v128.const 0): each K slice is summed on its own, then added to C, so a long sum is rounded
  // as ⌈K/KC⌉ short ones plus their total — more accurate than one running float32 sum, at no cost.
  for (const [lo, hi] of acc) f.v128Zero().set(lo).v128Zero().set(hi);

  f.block(); // label of the exit
  f.get(kc).i32Eqz().brIf(0); // kc = 0: nothing to add
  f.loop(); // label of the next k
  f.get(b).v128Load(0).set(b0).get(b).v128Load(16).set(b1); // B[k, 0:4], B[k, 4:8]
  rows.forEach((p, r) => {
    const [lo, hi] = acc[r]!;
    f.get(p).v128Load32Splat(0).set(av); // A[r, k] in all four lanes
    f.get(lo).get(av).get(b0).f32x4Mul().f32x4Add().set(lo); // lo += A[r,k] · B[k, 0:4]
    f.get(hi).get(av).get(b1).f32x4Mul().f32x4Add().set(hi); // hi += A[r,k] · B[k, 4:8]
    f.get(p).i32Const(4).i32Add().set(p); // A[r, k+1]
  });
  f.get(b).get(ldb).i32Add().set(b); // B[k+1, 0]
  f.get(kc).i32Const(1).i32Sub().tee(kc).brIf(0); // --kc ≠ 0: loop again
  f.end().end();

  // C row r += acc[r]: store(c, load(c) + lo) at byte offsets 0 and 16; c steps by ldc.
  acc.forEach(([lo, hi], r) => {
    f.get(c).get(c).v128Load(0).get(lo).f32x4Add().v128Store(0);
    f.get(c).get(c).v128Load(16).get(hi).f32x4Add().v128Store(16);
    if (r < rowCount - 1) f.get(c).get(ldc).i32Add().set(c);
  });
  return f;
}

/**
 * `for (v = from ?? 0; v < limit; v += step) body()` as `block { loop { br_if 1 (v ≥ limit); body;
 * v += step; br 0 } }` (unsigned compare). `limit` pushes the bound.
 */
function forUp(f: FuncBody, v: number, limit: () => void, step: number, body: () => void, from?: number): void {
  if (from === undefined) f.i32Const(0).set(v);
  else f.get(from).set(v);
  f.block().loop();
  f.get(v);
  limit();
  f.i32GeU().brIf(1); // v ≥ limit: leave the block
  body();
  f.get(v).i32Const(step).i32Add().set(v).br(0);
  f.end().end();
}

/** min(x, y) of two locals (unsigned) onto the stack: select(x, y, x < y) — select keeps x when the condition ≠ 0. */
function minU(f: FuncBody, x: number, y: number): void {
  f.get(x).get(y).get(y).get(x).i32GtU().select(); // y > x ⇔ x < y
}

/** Function indices: the two micro-kernels, then the exported functions. */
const MICRO = 0;
const MICRO_1 = 1;

/** gemm(a, b, c, m, np, k, bj, ldb): the blocked loops around the micro-kernels. */
function driver(): FuncBody {
  const [a, b, c, m, np, k, bj, ldb] = [0, 1, 2, 3, 4, 5, 6, 7];
  const f = new FuncBody(8);
  const local = () => f.local(I32);
  const [k0, kc, i0, iEnd, iEndMR, mMR, j, i, lda, ldc, t] = [local(), local(), local(), local(), local(), local(), local(), local(), local(), local(), local()];
  f.get(k).i32Const(4).i32Mul().set(lda); // A row stride
  f.get(np).i32Const(4).i32Mul().set(ldc); // C row stride
  f.get(m).i32Const(-MR).i32And().set(mMR); // rows in full tiles: m rounded down to MR (a power of 2)

  /** Calls micro-kernel `fn` on the tile at (i, j) over the K slice [k0, k0 + kc). */
  const tile = (fn: number) => {
    f.get(a).get(i).get(lda).i32Mul().i32Add().get(k0).i32Const(4).i32Mul().i32Add(); // &A[i, k0]
    f.get(b).get(j).get(bj).i32Mul().i32Add().get(k0).get(ldb).i32Mul().i32Add(); // &B[k0, j]
    f.get(c).get(i).get(ldc).i32Mul().i32Add().get(j).i32Const(4).i32Mul().i32Add(); // &C[i, j]
    f.get(kc).get(lda).get(ldb).get(ldc).call(fn);
  };

  forUp(f, k0, () => f.get(k), KC, () => {
    f.get(k).get(k0).i32Sub().set(kc); // kc = min(k - k0, KC)
    f.i32Const(KC).set(t);
    minU(f, kc, t);
    f.set(kc);
    forUp(f, i0, () => f.get(m), MC, () => {
      f.get(i0).i32Const(MC).i32Add().set(iEnd); // iEnd = min(i0 + MC, m)
      minU(f, iEnd, m);
      f.set(iEnd);
      minU(f, iEnd, mMR); // iEndMR = min(iEnd, mMR): the block's full tiles end there
      f.set(iEndMR);
      forUp(f, j, () => f.get(np), NR, () => {
        forUp(f, i, () => f.get(iEndMR), MR, () => tile(MICRO), i0); // full MR-row tiles
        forUp(f, i, () => f.get(iEnd), 1, () => tile(MICRO_1), i); // then single rows, from where they stopped
      });
    });
  });
  return f;
}

/** pack(src, dst, k, np): row-major B (k×np) → NR-column panels of k groups of NR floats at dst. */
function packer(): FuncBody {
  const [src, dst, k, np] = [0, 1, 2, 3];
  const f = new FuncBody(4);
  const [j, kk, s, ldb] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  f.get(np).i32Const(4).i32Mul().set(ldb);
  forUp(f, j, () => f.get(np), NR, () => {
    f.get(src).get(j).i32Const(4).i32Mul().i32Add().set(s); // s = &B[0, j]
    forUp(f, kk, () => f.get(k), 1, () => {
      f.get(dst).get(s).v128Load(0).v128Store(0); // dst[0:4] = B[kk, j:j+4]
      f.get(dst).get(s).v128Load(16).v128Store(16); // dst[4:8] = B[kk, j+4:j+8]
      f.get(dst).i32Const(4 * NR).i32Add().set(dst);
      f.get(s).get(ldb).i32Add().set(s); // next row of B
    });
  });
  return f;
}

/** The GEMM module's bytes (well under Chromium's 4 KiB limit for synchronous compiles on the main thread). */
export function gemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const i32s = (n: number) => new Array<typeof I32>(n).fill(I32);
  return Uint8Array.from([
    ...HEADER,
    ...section(1, vec([funcType(i32s(7), []), funcType(i32s(8), []), funcType(i32s(4), [])])), // types 0 micro, 1 gemm, 2 pack
    ...section(3, vec([u32(0), u32(0), u32(1), u32(2)])), // functions 0 micro (MR rows), 1 micro (1 row), 2 gemm, 3 pack: their types
    ...section(5, vec([[0x00, ...u32(1)]])), // memory 0: limits flag 0x00 (min only), 1 page of 64 KiB
    ...section(7, vec([[...name('gemm'), 0x00, ...u32(2)], [...name('pack'), 0x00, ...u32(3)], [...name('memory'), 0x02, ...u32(0)]])), // exports (kind 0 func, 2 memory)
    ...section(10, vec([microKernel(MR).encode(), microKernel(1).encode(), driver().encode(), packer().encode()])), // code, in function order
  ]);
}

/** A minimal SIMD module (one function: `v128.const 0; drop`), for `WebAssembly.validate` feature detection. */
export function simdProbeBytes(): Uint8Array<ArrayBuffer> {
  const f = new FuncBody(0).v128Zero().drop();
  return Uint8Array.from([...HEADER, ...section(1, vec([funcType([], [])])), ...section(3, vec([u32(0)])), ...section(10, vec([f.encode()]))]);
}

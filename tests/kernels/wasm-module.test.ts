/**
 * The hand-emitted WebAssembly: the LEB128 and opcode encodings against values from the spec, the GEMM
 * module's validity, exports and size (it must stay under 4 KiB to compile synchronously on a browser
 * main thread), the B panel layout of `pack`, and products run directly on the module's exports.
 */
import { describe, expect, it } from 'vitest';
import { FuncBody, s32, u32 } from '../../engine/kernels/wasm/encode.ts';
import { NR, gemmModuleBytes, simdProbeBytes } from '../../engine/kernels/wasm/gemm-module.ts';
import { roundUp } from '../../engine/kernels/pack.ts';
import { float32 } from '../../graph-schema/tensor.ts';
import { matmulReference } from '../../engine/kernels/matmul.ts';
import { expectTensor, randomTensor, rng } from './helpers.ts';

describe('LEB128', () => {
  it('unsigned', () => {
    expect(u32(0)).toEqual([0x00]);
    expect(u32(127)).toEqual([0x7f]);
    expect(u32(128)).toEqual([0x80, 0x01]);
    expect(u32(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(u32(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('signed', () => {
    expect(s32(0)).toEqual([0x00]);
    expect(s32(63)).toEqual([0x3f]);
    expect(s32(64)).toEqual([0xc0, 0x00]); // bit 6 set would read as negative: one more byte
    expect(s32(-1)).toEqual([0x7f]);
    expect(s32(-64)).toEqual([0x40]);
    expect(s32(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(s32(256)).toEqual([0x80, 0x02]);
  });
});

describe('opcodes', () => {
  it('encodes SIMD sub-opcodes ≥ 0x80 as two LEB128 bytes', () => {
    const body = new FuncBody(0).f32x4Add().f32x4Mul().encode();
    // body size 8 (the bytes after it), no local runs, FD E4 01 (f32x4.add), FD E6 01 (f32x4.mul), end.
    expect(body).toEqual([8, 0x00, 0xfd, 0xe4, 0x01, 0xfd, 0xe6, 0x01, 0x0b]);
  });

  it('encodes memargs as alignment exponent then offset', () => {
    const body = new FuncBody(1).get(0).v128Load(16).drop().get(0).v128Load32Splat(4).drop().encode();
    expect(body.slice(2)).toEqual([0x20, 0x00, 0xfd, 0x00, 4, 16, 0x1a, 0x20, 0x00, 0xfd, 0x09, 2, 4, 0x1a, 0x0b]);
  });
});

interface GemmExports {
  readonly memory: WebAssembly.Memory;
  readonly gemm: (a: number, b: number, c: number, m: number, np: number, k: number, bj: number, ldb: number) => void;
  readonly pack: (src: number, dst: number, k: number, np: number) => void;
}

function instantiate(bytes: Uint8Array<ArrayBuffer>): GemmExports {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const { memory, gemm, pack } = exports;
  if (!(memory instanceof WebAssembly.Memory) || typeof gemm !== 'function' || typeof pack !== 'function') throw new Error('bad exports');
  return { memory, gemm: gemm as GemmExports['gemm'], pack: pack as GemmExports['pack'] };
}

describe('GEMM module', () => {
  const bytes = gemmModuleBytes();

  it('validates, is small and exports gemm, pack and memory', () => {
    expect(WebAssembly.validate(simdProbeBytes())).toBe(true);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => `${e.name}:${e.kind}`);
    expect(exports.sort()).toEqual(['gemm:function', 'memory:memory', 'pack:function']);
  });

  it('pack lays B out as 8-column panels of k groups', () => {
    const { memory, pack } = instantiate(bytes);
    const heap = new Float32Array(memory.buffer);
    const [k, np] = [3, 16];
    for (let e = 0; e < k * np; e++) heap[e] = e; // B[r, c] = r·16 + c
    pack(0, 4 * k * np, k, np);
    const got = Array.from(heap.subarray(k * np, 2 * k * np));
    const want: number[] = [];
    for (let q = 0; q < np / NR; q++) for (let r = 0; r < k; r++) for (let c = 0; c < NR; c++) want.push(r * np + q * NR + c);
    expect(got).toEqual(want);
  });

  // 70 rows: a 64-row block, one 4-row tile and two single rows; K crosses the 256 slice; N the 8 columns.
  for (const packed of [false, true]) {
    it(`computes C += A·B with ${packed ? 'packed' : 'row-major'} B (C starts at 1)`, () => {
      const [M, K, N] = [70, 300, 11];
      const next = rng(5);
      const a = randomTensor([M, K], next);
      const b = randomTensor([K, N], next);
      const np = roundUp(N, NR);
      const { memory, gemm, pack } = instantiate(bytes);
      const [bAt, cAt, pAt] = [M * K, M * K + K * np, M * K + K * np + M * np];
      memory.grow(Math.ceil(((pAt + K * np) * 4) / 65536));
      const heap = new Float32Array(memory.buffer);
      heap.set(a.data, 0); // padding columns of B stay 0 (fresh memory)
      for (let k = 0; k < K; k++) heap.set(b.data.subarray(k * N, (k + 1) * N), bAt + k * np);
      heap.fill(1, cAt, pAt);
      if (packed) {
        pack(bAt * 4, pAt * 4, K, np);
        gemm(0, pAt * 4, cAt * 4, M, np, K, K * 4, NR * 4);
      } else {
        gemm(0, bAt * 4, cAt * 4, M, np, K, 4, np * 4);
      }
      const got = float32([M, N], Array.from({ length: M * N }, (_, e) => heap[cAt + Math.floor(e / N) * np + (e % N)]! - 1));
      expectTensor(got, matmulReference([a, b]), 1e-5);
    });
  }
});

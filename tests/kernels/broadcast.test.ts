/**
 * Broadcasting rules, and the strided walker behind broadcasting ops, Transpose and Slice, checked
 * against naive index arithmetic on random shapes.
 */
import { describe, expect, it } from 'vitest';
import { float32, sizeOf, type Tensor } from '../../graph-schema/tensor.ts';
import { broadcastShapes } from '../../engine/kernels/broadcast.ts';
import { OPS } from '../../engine/ops/index.ts';
import { bool, broadcastIndex, expectTensor, randomTensor, rng, stridesOf, unravel } from './helpers.ts';

const K = Object.fromEntries(Object.entries(OPS).map(([op, def]) => [op, def.kernel])) as { [Op in keyof typeof OPS]: (typeof OPS)[Op]['kernel'] };

describe('broadcastShapes', () => {
  const ok: [number[][], number[]][] = [
    [[[2, 3], [3]], [2, 3]],
    [[[3, 1], [1, 4]], [3, 4]],
    [[[], [2, 2]], [2, 2]],
    [[[5, 1, 4], [3, 1]], [5, 3, 4]],
    [[[1], [1, 1, 1]], [1, 1, 1]],
    [[[0], [1]], [0]],
    [[[2, 0], [2, 1]], [2, 0]],
    [[[2, 1, 1], [1, 3, 1], [1, 1, 4]], [2, 3, 4]],
  ];
  for (const [shapes, want] of ok) {
    it(`${JSON.stringify(shapes)} → [${want}]`, () => expect(broadcastShapes('Add', shapes)).toEqual(want));
  }
  const bad: number[][][] = [
    [[2, 3], [2]],
    [[0], [2]],
    [[4, 3], [3, 4]],
    [[2, 1], [1, 3], [3, 1]],
  ];
  for (const shapes of bad) {
    it(`${JSON.stringify(shapes)} is a RangeError`, () => {
      expect(() => broadcastShapes('Add', shapes)).toThrow(RangeError);
      expect(() => broadcastShapes('Add', shapes)).toThrow(/Add: shapes .* cannot be broadcast/);
    });
  }
});

/** Naive broadcasting binary op. */
function naiveBinary(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const shape = broadcastShapes('ref', [a.shape, b.shape]);
  const out = Array.from({ length: sizeOf(shape) }, (_, i) => {
    const idx = unravel(i, shape);
    return f(a.data[broadcastIndex(idx, a.shape)]!, b.data[broadcastIndex(idx, b.shape)]!);
  });
  return float32(shape, out);
}

describe('broadcasting elementwise ops vs naive indexing', () => {
  const pairs: [number[], number[]][] = [
    [[4, 1, 3, 1], [2, 1, 5]],
    [[1], [2, 3, 4]],
    [[2, 3, 4], [2, 3, 4]],
    [[2, 1, 4], [1, 3, 1]],
    [[3, 1], [3]],
    [[], []],
    [[2, 3, 1, 5], [3, 4, 1]],
  ];
  const next = rng(99);
  for (const [as, bs] of pairs) {
    it(`[${as}] ⊕ [${bs}] for Add, Sub, Mul, Div`, () => {
      const a = randomTensor(as, next);
      const b = randomTensor(bs, next);
      expectTensor(K.Add([a, b], {}), naiveBinary(a, b, (x, y) => x + y));
      expectTensor(K.Sub([a, b], {}), naiveBinary(a, b, (x, y) => x - y));
      expectTensor(K.Mul([a, b], {}), naiveBinary(a, b, (x, y) => x * y));
      expectTensor(K.Div([a, b], {}), naiveBinary(a, b, (x, y) => x / y));
      // Swapped operands broadcast the same way.
      expectTensor(K.Sub([b, a], {}), naiveBinary(b, a, (x, y) => x - y));
    });
  }

  it('Where broadcasts condition, x and y together', () => {
    const c = bool([2, 1, 3], [1, 0, 1, 0, 0, 1]);
    const x = randomTensor([4, 1], next);
    const y = randomTensor([1, 4, 3], next);
    const out = K.Where([c, x, y], {});
    const shape = [2, 4, 3];
    expect([...out.shape]).toEqual(shape);
    for (let i = 0; i < sizeOf(shape); i++) {
      const idx = unravel(i, shape);
      const want = c.data[broadcastIndex(idx, c.shape)] ? x.data[broadcastIndex(idx, x.shape)] : y.data[broadcastIndex(idx, y.shape)];
      expect(out.data[i]).toBe(want);
    }
  });

  it('a zero-size broadcast gives an empty output', () => {
    const out = K.Add([float32([0, 3], []), float32([1, 3], [1, 2, 3])], {});
    expect([...out.shape]).toEqual([0, 3]);
    expect(out.data.length).toBe(0);
  });
});

describe('strided copies vs naive indexing', () => {
  const next = rng(2024);
  const perms: [number[], number[]][] = [
    [[2, 3, 4, 5], [3, 1, 0, 2]],
    [[2, 3, 4, 5], [0, 1, 3, 2]],
    [[1, 4, 1, 3], [2, 3, 0, 1]],
    [[6, 5], [1, 0]],
    [[3], [0]],
  ];
  for (const [shape, perm] of perms) {
    it(`Transpose [${shape}] by [${perm}]`, () => {
      const x = randomTensor(shape, next);
      const out = K.Transpose([x], { perm });
      const outShape = perm.map((p) => shape[p]!);
      const inStrides = stridesOf(shape);
      const want = Array.from({ length: sizeOf(outShape) }, (_, i) => {
        const idx = unravel(i, outShape);
        return x.data[idx.reduce((acc, v, k) => acc + v * inStrides[perm[k]!]!, 0)]!;
      });
      expectTensor(out, float32(outShape, want), 0);
    });
  }

  it('Slice of a rank-4 tensor on the middle axes', () => {
    const x = randomTensor([2, 5, 6, 3], next);
    const out = K.Slice([x, { dtype: 'int64', shape: [2], data: Int32Array.from([1, -4]) }, { dtype: 'int64', shape: [2], data: Int32Array.from([4, 5]) }], { axes: [1, 2] });
    const outShape = [2, 3, 3, 3];
    const strides = stridesOf(x.shape);
    const want = Array.from({ length: sizeOf(outShape) }, (_, i) => {
      const [a, b, c, d] = unravel(i, outShape) as [number, number, number, number];
      return x.data[a * strides[0]! + (b + 1) * strides[1]! + (c + 2) * strides[2]! + d]!;
    });
    expectTensor(out, float32(outShape, want), 0);
  });
});

/**
 * The static table on its own: FLOP conventions, value propagation from Shape through small int64
 * arithmetic (so Slice and ConstantOfShape resolve), and the errors it reports without values.
 */
import { describe, expect, it } from 'vitest';
import { OPS as PRIM_STATIC, staticFlops, staticOutput, type StaticType as StaticInput } from '../../engine/ops/index.ts';
import { i64 } from './helpers.ts';

const F = (shape: number[]): StaticInput => ({ dtype: 'float32', shape });
const I = (shape: number[]): StaticInput => ({ dtype: 'int64', shape });

describe('FLOP counts', () => {
  const x = F([2, 3, 4]); // 24 elements
  const cases: [string, number, number][] = [
    ['Add', staticFlops('Add', [x, F([4])], {}), 24],
    ['Exp', staticFlops('Exp', [x], {}), 24],
    ['Erf', staticFlops('Erf', [x], {}), 24],
    ['Tanh', staticFlops('Tanh', [x], {}), 24],
    ['Softmax', staticFlops('Softmax', [x], { axis: -1 }), 5 * 24],
    ['ReduceSum', staticFlops('ReduceSum', [x], { axes: [-1], keepdims: true }), 24],
    ['ReduceMean', staticFlops('ReduceMean', [x], { axes: [-1], keepdims: true }), 24 + 6],
    ['Where', staticFlops('Where', [{ dtype: 'bool', shape: [3, 4] }, x, F([])], {}), 24],
    ['Identity', staticFlops('Identity', [x], {}), 0],
    ['Transpose', staticFlops('Transpose', [x], { perm: [2, 1, 0] }), 0],
    ['Reshape', staticFlops('Reshape', [x], { shape: [-1] }), 0],
    ['Gather', staticFlops('Gather', [F([50, 8]), I([2, 3])], { axis: 0 }), 0],
    ['Cast', staticFlops('Cast', [x], { to: 'int64' }), 0],
    ['MatMul', staticFlops('MatMul', [F([2, 3, 4]), F([4, 5])], {}), 2 * 2 * 3 * 4 * 5],
  ];
  for (const [op, got, want] of cases) it(`${op}: ${want}`, () => expect(got).toBe(want));
});

describe('value propagation', () => {
  it('Shape carries its value', () => {
    const out = staticOutput('Shape', [F([2, 7, 16])], { start: 1 });
    expect([...out.shape]).toEqual([2]);
    expect(Array.from(out.value?.data ?? [])).toEqual([7, 16]);
  });

  it('Shape → Gather → Unsqueeze → Concat → ConstantOfShape resolves', () => {
    const s = staticOutput('Shape', [F([4, 9, 32])], { start: 0 }); // value [4, 9, 32]
    const t = staticOutput('Gather', [s, { ...I([]), value: i64([], [1]) }], { axis: 0 }); // value 9
    expect(Array.from(t.value?.data ?? [])).toEqual([9]);
    const t1 = staticOutput('Unsqueeze', [t], { axes: [0] }); // value [9]
    const both = staticOutput('Concat', [t1, t1], { axis: 0 }); // value [9, 9]
    const mask = staticOutput('ConstantOfShape', [both], { value: 1 });
    expect(mask).toEqual({ dtype: 'float32', shape: [9, 9] });
  });

  it('Slice resolves with known bounds computed by Mul', () => {
    const t = { ...I([1]), value: i64([1], [3]) };
    const twice = staticOutput('Mul', [t, { ...I([]), value: i64([], [2]) }], {}); // value [6]
    const out = staticOutput('Slice', [F([10, 8]), { ...I([1]), value: i64([1], [0]) }, twice], { axes: [0] });
    expect([...out.shape]).toEqual([6, 8]);
  });

  it('Slice and ConstantOfShape without known values are RangeErrors', () => {
    expect(() => PRIM_STATIC.Slice.shape([F([4]), I([1]), I([1])], { axes: [0] })).toThrow(/Slice: starts must be known statically/);
    expect(() => PRIM_STATIC.ConstantOfShape.shape([I([2])], { value: 0 })).toThrow(/ConstantOfShape: shape must be known statically/);
  });

  it('float outputs and large int64 outputs are not folded', () => {
    expect(staticOutput('Add', [{ ...F([1]), value: undefined }, F([1])], {}).value).toBeUndefined();
    const big = { ...I([100]), value: i64([100], new Array<number>(100).fill(1)) };
    expect(staticOutput('Identity', [big], {}).value).toBeUndefined();
  });
});

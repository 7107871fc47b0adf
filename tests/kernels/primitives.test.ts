/**
 * Every primitive op against its hand-computed cases: the value, no mutation of inputs, a fresh
 * output buffer, and agreement of the static shape table with the kernel's real output.
 */
import { describe, expect, it } from 'vitest';
import { PRIM_OPS, type PrimOp } from '../../graph-schema/primitives.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { OPS, runOp as runKernel, staticFlops, staticOutput, type StaticType as StaticInput } from '../../engine/ops/index.ts';
import { CASES, type KernelCase } from './cases.ts';
import { expectTensor, snapshot } from './helpers.ts';

/** Static view of a concrete input; int64 inputs carry their value, as Shape-derived ones would. */
function staticInput(t: Tensor): StaticInput {
  return t.dtype === 'int64' ? { dtype: t.dtype, shape: t.shape, value: t } : { dtype: t.dtype, shape: t.shape };
}

function casesOf<K extends PrimOp>(op: K): readonly KernelCase<K>[] {
  return (CASES[op] ?? []) as readonly KernelCase<K>[];
}

describe.each(PRIM_OPS)('%s', (op) => {
  const cases = casesOf(op);

  it('has a kernel, a static rule and at least one hand-computed case', () => {
    expect(typeof OPS[op].kernel).toBe('function');
    expect(typeof OPS[op].shape).toBe('function');
    expect(cases.length).toBeGreaterThan(0);
  });

  it('rejects a call without inputs with a RangeError naming the op', () => {
    const attrs = cases[0]?.attrs;
    if (attrs === undefined) return; // reported by the test above
    expect(() => runKernel(op, [], attrs)).toThrow(RangeError);
    expect(() => runKernel(op, [], attrs)).toThrow(new RegExp(`^${op}: `));
    expect(() => staticOutput(op, [], attrs)).toThrow(new RegExp(`^${op}: `));
  });

  it('has at least one case that succeeds', () => {
    expect(cases.some((c) => !('throws' in c.expected))).toBe(true);
  });

  for (const c of cases) {
    const expected = c.expected;
    if ('throws' in expected) {
      it(`${c.name}: throws a RangeError`, () => {
        expect(() => runKernel(op, c.inputs, c.attrs)).toThrow(RangeError);
        expect(() => runKernel(op, c.inputs, c.attrs)).toThrow(expected.throws);
        if (!expected.dataDependent) {
          expect(() => staticOutput(op, c.inputs.map(staticInput), c.attrs)).toThrow(RangeError);
          expect(() => staticOutput(op, c.inputs.map(staticInput), c.attrs)).toThrow(expected.throws);
        }
      });
      continue;
    }
    it(c.name, () => {
      const before = c.inputs.map(snapshot);
      const out = runKernel(op, c.inputs, c.attrs);
      expectTensor(out, expected);
      // Inputs untouched, output not aliasing any input.
      c.inputs.forEach((t, i) => expectTensor(t, before[i]!, 0));
      for (const t of c.inputs) expect(out.data.buffer).not.toBe(t.data.buffer);
      // Static table agrees with the kernel.
      const st = staticOutput(op, c.inputs.map(staticInput), c.attrs);
      expect(st.dtype).toBe(out.dtype);
      expect([...st.shape]).toEqual([...out.shape]);
      if (st.value !== undefined) expectTensor(st.value, out, 0);
      const flops = staticFlops(op, c.inputs.map(staticInput), c.attrs);
      expect(Number.isFinite(flops) && flops >= 0).toBe(true);
    });
  }
});

/**
 * Every primitive op's vector-Jacobian product against central finite differences. Inputs are the shapes
 * of the op's hand-written kernel cases (tests/kernels/cases.ts: broadcasting, size-1 and odd dims) filled
 * with random values; float32 operands become weights (differentiated), integer and bool operands stay
 * constants. An op with a gradient and no case to check it on fails.
 */
import { describe, expect, it } from 'vitest';
import { PRIM_OPS, type PrimOp } from '../../graph-schema/primitives.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { checkGradients } from '../../engine/autograd/gradcheck.ts';
import { uniformStream } from '../../engine/compile/init.ts';
import { OPS } from '../../engine/ops/index.ts';
import { CASES, type KernelCase } from '../kernels/cases.ts';
import { TestPlan } from '../onnx/helpers.ts';

/** Ops defined only on positive inputs (a random sign would leave their domain). */
const POSITIVE: ReadonlySet<PrimOp> = new Set(['Log', 'Sqrt', 'Pow']);

/** Random float32 values of `t`'s shape, away from 0 (Relu's kink) and ties. */
function randomLike(t: Tensor, op: PrimOp, seed: number): Tensor {
  const next = uniformStream(seed);
  const data = Float32Array.from(t.data, () => {
    const magnitude = 0.3 + 1.2 * next();
    return POSITIVE.has(op) || next() < 0.5 ? magnitude : -magnitude;
  });
  return { dtype: 'float32', shape: t.shape, data };
}

/** The checkable cases of `op`: they succeed, have a float32 operand, and no empty tensor or NaN. */
function checkable(op: PrimOp): KernelCase<PrimOp>[] {
  const cases = (CASES[op] ?? []) as readonly KernelCase<PrimOp>[];
  return cases.filter((c) => {
    if ('throws' in c.expected || c.expected.dtype !== 'float32' || c.expected.data.length === 0) return false;
    return c.inputs.some((t) => t.dtype === 'float32') && c.inputs.every((t) => t.data.length > 0 && !t.data.some(Number.isNaN));
  });
}

const differentiable = PRIM_OPS.filter((op) => typeof OPS[op].vjp === 'function');

describe.each(differentiable)('%s gradient', (op) => {
  const cases = checkable(op);

  it('has a case with a float operand to check it on', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  cases.forEach((c, k) => {
    it(`${c.name}: matches central differences`, () => {
      const inputs = c.inputs.map((t, i) => (t.dtype === 'float32' ? randomLike(t, op, 100 * k + i) : t));
      const b = new TestPlan();
      const ids = inputs.map((t, i) => (t.dtype === 'float32' ? b.weight(`x${i}`, t) : b.constant(t)));
      const y = b.step(op, c.attrs, ids, 'float32');
      const report = checkGradients(b.build(), y, new Map(), new Map(), { perTensor: 24 });
      expect(report.ok, report.ok ? '' : JSON.stringify(report.diagnostics)).toBe(true);
      if (!report.ok) return;
      expect(report.value.mismatches, `${op} ${c.name}`).toEqual([]);
      expect(report.value.checked).toBeGreaterThan(0);
    });
  });
});

describe('ops without a gradient say why', () => {
  it.each(PRIM_OPS.filter((op) => typeof OPS[op].vjp !== 'function'))('%s', (op) => {
    const vjp = OPS[op].vjp as { none: string };
    expect(vjp.none.length).toBeGreaterThan(5);
  });
});

/**
 * Every primitive op, exported as a one-op model and run in onnxruntime-node and onnxruntime-web,
 * against hand-computed outputs.
 */
import { describe, expect, it } from 'vitest';
import { PRIM_OPS } from '../../graph-schema/primitives.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { RUNTIMES, expectTensor } from './helpers.ts';
import { OP_CASES, allCases, opCasePlan } from './op-cases.ts';

const CASES = allCases(PRIM_OPS);

describe('op cases table', () => {
  it('covers every primitive op', () => {
    expect(Object.keys(OP_CASES).sort()).toEqual([...PRIM_OPS].sort());
    for (const op of PRIM_OPS) expect(OP_CASES[op].length, op).toBeGreaterThan(0);
  });
});

describe.each(RUNTIMES)('one-op models on onnxruntime-%s', (runtime) => {
  it.each(CASES)('$label', async ({ op, case: c }) => {
    const { plan, feeds } = opCasePlan(op, c);
    const outputs = await runWithOrt(exportOnnx(plan), feeds, { runtime });
    expect(Object.keys(outputs)).toEqual(['y']);
    expectTensor(outputs['y'], c.expected);
  });
});

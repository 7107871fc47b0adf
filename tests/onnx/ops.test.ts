/**
 * Every primitive op, exported as a one-op model and run in onnxruntime-node and onnxruntime-web,
 * against the hand-computed outputs of the op test table (tests/kernels/cases.ts) and the exporter's own cases.
 */
import { describe, expect, it } from 'vitest';
import { PRIM_OPS } from '../../graph-schema/primitives.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { RUNTIMES, expectTensor } from './helpers.ts';
import { allCases, opCasePlan } from './op-cases.ts';

const CASES = allCases(PRIM_OPS);

describe('op cases table', () => {
  it.each(PRIM_OPS)('%s has a case to export', (op) => {
    expect(CASES.some((c) => c.op === op)).toBe(true);
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

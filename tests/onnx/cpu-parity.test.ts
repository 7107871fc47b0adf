/**
 * The exported ONNX model and our CPU kernels must agree: every one-op case run by the op definitions' kernels, by
 * onnxruntime-node, and the attention plan step by step on the CPU against onnxruntime-web.
 */
import { describe, expect, it } from 'vitest';
import { PRIM_OPS } from '../../graph-schema/primitives.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { runOp as runKernel } from '../../engine/ops/index.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { expectTensor, seeded } from './helpers.ts';
import { allCases, opCasePlan } from './op-cases.ts';
import { D, attentionPlan } from './fixtures.ts';

/** Runs a plan's steps one by one with the CPU kernels; returns every value by id. */
function runOnCpu(plan: Plan, feeds: Record<string, Tensor>): Map<number, Tensor> {
  const values = new Map<number, Tensor>();
  for (const io of plan.inputs) values.set(io.value, feeds[io.name]!);
  for (const { value, tensor } of plan.weights.values()) values.set(value, tensor);
  for (const v of plan.values) if (v.source.kind === 'constant') values.set(v.id, plan.constants[v.source.index]!);
  for (const step of plan.steps) {
    const inputs = step.inputs.map((id) => values.get(id)!);
    values.set(step.output, runKernel(step.op, inputs, step.attrs));
  }
  return values;
}

describe('CPU kernels vs exported model', () => {
  it.each(allCases(PRIM_OPS))('$label', async ({ op, case: c }) => {
    const { plan, feeds } = opCasePlan(op, c);
    const cpu = runOnCpu(plan, feeds).get(plan.outputs[0]!.value);
    expectTensor(cpu, c.expected);
    const ort = (await runWithOrt(exportOnnx(plan), feeds, { runtime: 'node' }))['y'];
    expectTensor(ort, cpu!, 1e-6);
  });

  it('agree on every debug output of the attention plan at T=5', async () => {
    const plan = attentionPlan();
    const x = seeded([2, 5, D], 4);
    const cpu = runOnCpu(plan, { x });
    const ort = await runWithOrt(exportOnnx(plan, { debug: true }), { x }, { runtime: 'web' });
    let compared = 0;
    for (const block of plan.blocks) {
      for (const [port, id] of [...Object.entries(block.outputs), ...Object.entries(block.intermediates)]) {
        expectTensor(ort[`${block.node}:${port}`], cpu.get(id)!, 1e-4);
        compared++;
      }
    }
    expect(compared).toBe(5);
  });
});

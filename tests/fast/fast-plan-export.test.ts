/**
 * The fast plan is an ordinary plan: it exports to ONNX (LayerNormalization as the ONNX op from opset 17,
 * as primitives before) and onnxruntime computes the reference plan's outputs from it; and autograd
 * differentiates it through the fused ops' VJPs to the reference plan's weight gradients.
 */
import { describe, expect, it } from 'vitest';
import { float32, sizeOf, type Tensor } from '../../graph-schema/tensor.ts';
import { buildBackward, SEED_INPUT } from '../../engine/autograd/backward.ts';
import { runSteps } from '../../engine/autograd/execute.ts';
import { fastPlan } from '../../engine/fast/fuse.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { createSession } from '../../engine/run/session.ts';
import { exampleFeeds, unwrap } from '../random-graphs/helpers.ts';
import { exampleBoth } from '../generation/helpers.ts';
import { maxRelativeDiff } from './helpers.ts';

const examples = ['tiny-gpt', 'encoder-decoder'] as const;

describe.each(examples)('%s fast plan', (name) => {
  const compiled = exampleBoth(name).full;
  const { plan } = compiled;
  const fast = fastPlan(plan).plan;
  const feeds = exampleFeeds(compiled);
  const reference = unwrap(unwrap(createSession(plan, feeds)).run());

  it.each([15, 17])('exports at opset %i and runs in onnxruntime-node with the reference outputs', async (opset) => {
    const outputs = await runWithOrt(exportOnnx(fast, { opset }), feeds, { runtime: 'node' });
    for (const io of plan.outputs) expect(maxRelativeDiff(outputs[io.name]!, reference[io.name]!), io.name).toBeLessThan(1e-5);
  });

  it('has the reference plan\'s weight gradients', () => {
    const sizes = new Map(Object.entries(feeds).flatMap(([input, t]) => {
      const io = plan.inputs.find((i) => i.name === input)!;
      return io.shape.flatMap((d, axis) => (typeof d === 'string' ? [[d, t.shape[axis]!] as [string, number]] : []));
    }));
    const ref = weightGradients(plan, feeds, sizes);
    const got = weightGradients(fast, feeds, sizes);
    expect([...got.keys()].sort()).toEqual([...ref.keys()].sort());
    expect(ref.size).toBeGreaterThan(10);
    for (const [weight, g] of ref) {
      const scale = Math.max(1e-3, ...Array.from(g.data, Math.abs));
      const diff = Math.max(...Array.from(g.data, (v, i) => Math.abs(v - got.get(weight)!.data[i]!)));
      expect(diff / scale, weight).toBeLessThan(1e-4);
    }
  });
});

/** dL/dW for every weight, with L = Σ seed · output for a fixed seed pattern, through `plan`'s backward pass. */
function weightGradients(plan: Plan, feeds: Record<string, Tensor>, sizes: ReadonlyMap<string, number>): Map<string, Tensor> {
  const target = plan.outputs[0]!.value;
  const g = unwrap(buildBackward(plan, target, sizes));
  const p = g.plan;
  const shape = g.types[target]!.shape;
  const seed = float32(shape, Array.from({ length: sizeOf(shape) }, (_, i) => Math.sin(i * 0.7)));
  const values: (Tensor | undefined)[] = new Array(p.values.length);
  for (const io of p.inputs) values[io.value] = io.name === SEED_INPUT ? seed : feeds[io.name];
  for (const { value, tensor } of p.weights.values()) values[value] = tensor;
  for (const v of p.values) if (v.source.kind === 'constant') values[v.id] = p.constants[v.source.index];
  runSteps(p, values, 0, p.steps.length, p.steps.map(() => []));
  return new Map([...g.gradients].map(([weight, id]) => [weight, values[id]!]));
}

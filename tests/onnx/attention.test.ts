/**
 * A multi-op plan (causal self-attention) with a dynamic sequence axis, exported once and run at several T.
 */
import { describe, expect, it } from 'vitest';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { RUNTIMES, expectTensor, seeded } from './helpers.ts';
import { D, attentionPlan, attentionReference } from './fixtures.ts';

const plan = attentionPlan();
const model = exportOnnx(plan);

describe.each(RUNTIMES)('causal attention on onnxruntime-%s', (runtime) => {
  it.each([
    { batch: 1, t: 3 },
    { batch: 1, t: 5 },
    { batch: 2, t: 5 },
  ])('B=$batch T=$t matches the reference', async ({ batch, t }) => {
    const x = seeded([batch, t, D], 10 + t);
    const outputs = await runWithOrt(model, { x }, { runtime });
    expectTensor(outputs['y'], attentionReference(x, plan).y, 1e-4);
  });
});

describe('the reference itself', () => {
  it('is causal: changing a later token leaves earlier outputs alone, changing an earlier one does not', () => {
    const x = seeded([1, 5, D], 3);
    const later = { ...x, data: Float32Array.from(x.data, (v, i) => (i >= 4 * D ? v + 1 : v)) };
    const earlier = { ...x, data: Float32Array.from(x.data, (v, i) => (i < D ? v + 1 : v)) };
    const [base, l, e] = [x, later, earlier].map((input) => attentionReference(input, plan).y.data);
    expect([...l!.slice(0, 4 * D)]).toEqual([...base!.slice(0, 4 * D)]);
    expect([...e!.slice(4 * D)]).not.toEqual([...base!.slice(4 * D)]);
  });
});

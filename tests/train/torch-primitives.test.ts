/**
 * engine/train's losses, optimizers and clipping against PyTorch: train_primitives_torch.py (run by hand with
 * Debian's python3-torch) computed train-primitives.expected.json from the same inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clipGradNorm } from '../../engine/train/clip.ts';
import { crossEntropy, meanSquaredError } from '../../engine/train/losses.ts';
import { createOptimizer, DEFAULT_OPTIMIZERS, type OptimizerSettings } from '../../engine/train/optimizers.ts';

type Named = Record<string, number[]>;
const fixture = JSON.parse(readFileSync(new URL('../golden/train-primitives.expected.json', import.meta.url), 'utf8')) as {
  cross_entropy: { logits: number[]; targets: number[]; classes: number; loss: number; gradient: number[] };
  mse: { prediction: number[]; target: number[]; loss: number; gradient: number[] };
  optimizers: { start: Named; gradients: Named[]; lrs: number[]; after_each_step: Record<string, Named[]> };
  clip: { max_norm: number; gradients: Named; norm: number; clipped: Named };
};

const named = (values: Named) => new Map(Object.entries(values).map(([k, v]) => [k, Float32Array.from(v)]));

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  expect(worst, what).toBeLessThan(tolerance);
}

describe('engine/train matches PyTorch', () => {
  it('cross_entropy with ignore_index=-1: loss and dLogits', () => {
    const c = fixture.cross_entropy;
    const r = crossEntropy(Float32Array.from(c.logits), Int32Array.from(c.targets), c.classes);
    expect(r.loss).toBeCloseTo(c.loss, 5);
    expectClose(r.gradient, c.gradient, 1e-6, 'dLogits');
  });

  it('mse_loss: loss and dPrediction', () => {
    const m = fixture.mse;
    const r = meanSquaredError(Float32Array.from(m.prediction), Float32Array.from(m.target));
    expect(r.loss).toBeCloseTo(m.loss, 5);
    expectClose(r.gradient, m.gradient, 1e-6, 'dPrediction');
  });

  const settings: Record<string, OptimizerSettings> = {
    sgd_momentum: { ...DEFAULT_OPTIMIZERS.sgd, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 },
    sgd_nesterov: { ...DEFAULT_OPTIMIZERS.sgd, momentum: 0.9, nesterov: true, weightDecay: 0.05 },
    sgd_plain: DEFAULT_OPTIMIZERS.sgd,
    adam: { kind: 'adam', beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.1 },
    adamw: { ...DEFAULT_OPTIMIZERS.adamw, weightDecay: 0.1 },
  };
  for (const [name, s] of Object.entries(settings)) {
    it(`${name}: weights after each of 5 steps with changing lr`, () => {
      const o = fixture.optimizers;
      const params = named(o.start);
      const optimizer = createOptimizer(s);
      o.gradients.forEach((g, step) => {
        optimizer.step(params, named(g), o.lrs[step]!);
        const expected = o.after_each_step[name]![step]!;
        for (const [k, p] of params) expectClose(p, expected[k]!, 2e-6, `${name} step ${step + 1} '${k}'`);
      });
    });
  }

  it('clip_grad_norm_: returns the norm before clipping and scales the gradients', () => {
    const c = fixture.clip;
    const grads = named(c.gradients);
    expect(clipGradNorm(grads, c.max_norm)).toBeCloseTo(c.norm, 5);
    for (const [k, g] of grads) expectClose(g, c.clipped[k]!, 1e-6, k);
  });
});

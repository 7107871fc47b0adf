/**
 * Optimizers, schedule and clipping by hand: closed forms of single steps, and state that resumes exactly.
 * (Multi-step agreement with PyTorch is in torch-primitives.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { clipGradNorm, globalNorm } from '../../engine/train/clip.ts';
import { createOptimizer, DEFAULT_OPTIMIZERS, type OptimizerSettings } from '../../engine/train/optimizers.ts';
import { learningRate } from '../../engine/train/schedule.ts';

const one = (values: number[]) => new Map([['w', Float32Array.from(values)]]);

describe('optimizers by hand', () => {
  it('Adam step 1 moves each weight by lr·g/(|g| + eps) (bias correction cancels (1 − β))', () => {
    const p = one([1, -2, 0.5]);
    createOptimizer(DEFAULT_OPTIMIZERS.adam).step(p, one([0.3, -4, 1e-9]), 0.1);
    const w = p.get('w')!;
    expect(w[0]).toBeCloseTo(1 - 0.1, 6);
    expect(w[1]).toBeCloseTo(-2 + 0.1, 6);
    expect(w[2]).toBeCloseTo(0.5 - (0.1 * 1e-9) / (1e-9 + 1e-8), 6); // eps added after the square root
  });

  it('AdamW decays before the step: p·(1 − lr·wd) with a zero gradient', () => {
    const p = one([2]);
    createOptimizer({ ...DEFAULT_OPTIMIZERS.adamw, weightDecay: 0.5 }).step(p, one([0]), 0.1);
    expect(p.get('w')![0]).toBeCloseTo(2 * (1 - 0.05), 6);
  });

  it('SGD momentum: buffer starts at the gradient, then μ·buf + (1 − dampening)·g', () => {
    const s: OptimizerSettings = { ...DEFAULT_OPTIMIZERS.sgd, momentum: 0.5, dampening: 0.5 };
    const p = one([0]);
    const o = createOptimizer(s);
    o.step(p, one([1]), 1); // buf = 1, p = −1
    o.step(p, one([1]), 1); // buf = 0.5 + 0.5 = 1, p = −2
    o.step(p, one([2]), 1); // buf = 0.5 + 1 = 1.5, p = −3.5
    expect(p.get('w')![0]).toBeCloseTo(-3.5, 6);
    expect(o.state().slots.get('momentum_buffer')!.get('w')![0]).toBeCloseTo(1.5, 6);
  });

  for (const kind of ['sgd', 'adam', 'adamw'] as const) {
    it(`${kind}: state() then a new optimizer from it continues bit-identically`, () => {
      const s: OptimizerSettings = kind === 'sgd' ? { ...DEFAULT_OPTIMIZERS.sgd, momentum: 0.9 } : DEFAULT_OPTIMIZERS[kind];
      const grad = (k: number) => new Map([['a', Float32Array.from([Math.sin(k), Math.cos(k)])], ['toString', Float32Array.from([k / 3])]]);
      const straight = new Map([['a', Float32Array.from([1, 2])], ['toString', Float32Array.from([3])]]);
      const o = createOptimizer(s);
      for (let k = 0; k < 6; k++) o.step(straight, grad(k), 0.01);

      const resumed = new Map([['a', Float32Array.from([1, 2])], ['toString', Float32Array.from([3])]]);
      const first = createOptimizer(s);
      for (let k = 0; k < 3; k++) first.step(resumed, grad(k), 0.01);
      const saved = first.state();
      first.step(resumed, grad(99), 0.01); // the saved state is a copy: later steps do not leak into it
      const again = new Map([['a', Float32Array.from([1, 2])], ['toString', Float32Array.from([3])]]);
      const replay = createOptimizer(s);
      for (let k = 0; k < 3; k++) replay.step(again, grad(k), 0.01);
      const second = createOptimizer(s, saved);
      for (let k = 3; k < 6; k++) second.step(again, grad(k), 0.01);
      expect(saved.step).toBe(3);
      for (const [name, v] of straight) expect(Array.from(again.get(name)!)).toEqual(Array.from(v));
    });
  }

  it('a missing gradient is a bug and throws', () => {
    expect(() => createOptimizer(DEFAULT_OPTIMIZERS.adam).step(one([1]), new Map(), 0.1)).toThrow(RangeError);
  });
});

describe('learningRate', () => {
  const cosine = { kind: 'cosine', warmup: 10, totalSteps: 110, minLr: 0.1 } as const;
  it('linear warmup from base/warmup to base', () => {
    expect(learningRate(cosine, 1, 0)).toBeCloseTo(0.1, 12);
    expect(learningRate(cosine, 1, 4)).toBeCloseTo(0.5, 12);
    expect(learningRate(cosine, 1, 9)).toBeCloseTo(1, 12);
  });
  it('cosine: base at the end of warmup, midpoint (base + min)/2, min at and after the end', () => {
    expect(learningRate(cosine, 1, 10)).toBeCloseTo(1, 12);
    expect(learningRate(cosine, 1, 60)).toBeCloseTo(0.55, 12);
    expect(learningRate(cosine, 1, 35)).toBeCloseTo(0.1 + 0.45 * (1 + Math.SQRT1_2), 12);
    expect(learningRate(cosine, 1, 110)).toBeCloseTo(0.1, 12);
    expect(learningRate(cosine, 1, 500)).toBeCloseTo(0.1, 12);
  });
  it('constant, with and without warmup', () => {
    expect(learningRate({ kind: 'constant', warmup: 0, totalSteps: 5 }, 3e-3, 0)).toBe(3e-3);
    expect(learningRate({ kind: 'constant', warmup: 4, totalSteps: 5 }, 4, 1)).toBe(2);
    expect(learningRate({ kind: 'constant', warmup: 4, totalSteps: 5 }, 4, 100)).toBe(4);
  });
});

describe('clipGradNorm', () => {
  it('3-4-5: norm 5 clipped to 1 gives (0.6, 0.8)·5/(5 + 1e-6); below the limit nothing changes', () => {
    const g = new Map([['a', Float32Array.from([3])], ['b', Float32Array.from([4])]]);
    expect(globalNorm(g)).toBe(5);
    expect(clipGradNorm(g, 1)).toBe(5);
    expect(g.get('a')![0]).toBeCloseTo(3 / (5 + 1e-6), 7);
    expect(g.get('b')![0]).toBeCloseTo(4 / (5 + 1e-6), 7);
    const small = new Map([['a', Float32Array.from([0.3, 0.4])]]);
    expect(clipGradNorm(small, 1)).toBeCloseTo(0.5, 7);
    expect(Array.from(small.get('a')!)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });
  it('a NaN gradient gives a NaN norm and is left alone', () => {
    const g = new Map([['a', Float32Array.from([NaN, 1])]]);
    expect(clipGradNorm(g, 1)).toBeNaN();
    expect(g.get('a')![1]).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { createSampler, samplingDistribution } from '../../engine/run/sampling.ts';

const probs = [0.05, 0.4, 0.1, 0.3, 0.15];

describe('sampling', () => {
  it('temperature 0 is greedy', () => {
    const s = createSampler({ temperature: 0, seed: 1 });
    for (let i = 0; i < 20; i++) expect(s(probs)).toBe(1);
  });

  it('a tiny temperature equals greedy too', () => {
    const s = createSampler({ temperature: 1e-9, seed: 7 });
    expect(Array.from({ length: 10 }, () => s(probs))).toEqual(Array(10).fill(1));
  });

  it('top-k never returns a token outside the top k', () => {
    const s = createSampler({ temperature: 1.5, topK: 2, seed: 3 });
    const seen = new Set(Array.from({ length: 2000 }, () => s(probs)));
    expect([...seen].sort()).toEqual([1, 3]);
  });

  it('top-p keeps the smallest set reaching p', () => {
    const d = samplingDistribution(probs, { temperature: 1, topP: 0.75 });
    expect(d.ids).toEqual([1, 3, 4]); // 0.4 + 0.3 = 0.7 < 0.75, + 0.15 reaches it
    expect(d.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('temperature 1 samples the distribution (seeded, 20k draws within 1.5%)', () => {
    const s = createSampler({ temperature: 1, seed: 42 });
    const counts = new Array(probs.length).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[s(probs)]++;
    counts.forEach((c, i) => expect(Math.abs(c / n - probs[i]!)).toBeLessThan(0.015));
  });

  it('temperature 2 flattens: p^(1/2) renormalised', () => {
    const d = samplingDistribution(probs, { temperature: 2 });
    const roots = probs.map(Math.sqrt);
    const z = roots.reduce((a, b) => a + b, 0);
    d.ids.forEach((id, i) => expect(d.probs[i]).toBeCloseTo(roots[id]! / z, 12));
  });

  it('the same seed repeats the same choices', () => {
    const a = createSampler({ temperature: 1, seed: 9 });
    const b = createSampler({ temperature: 1, seed: 9 });
    expect(Array.from({ length: 50 }, () => a(probs))).toEqual(Array.from({ length: 50 }, () => b(probs)));
  });
});

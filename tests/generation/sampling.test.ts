/**
 * Sampling as generation uses it, on the tiny-gpt decoding plan: seeds repeat, top-k and top-p never
 * leave their set at any step, temperature → 0 is greedy, and the first sampled token follows the
 * model's distribution.
 */
import { describe, expect, it } from 'vitest';
import { generateCached } from '../../engine/run/generate.ts';
import { samplingDistribution } from '../../engine/run/sampling.ts';
import { collect, encode, exampleBoth, idsOf } from './helpers.ts';

const { cached } = exampleBoth('tiny-gpt');
const plan = cached.plan;
const prompt = idsOf(encode(cached, { text: 'once upon a time' }).text);

/** Ids sorted by descending probability (ties by id). */
const ranking = (p: Float32Array): number[] => Array.from(p.keys()).sort((a, b) => p[b]! - p[a]! || a - b);

describe('sampling through generation', () => {
  it('the same seed repeats a generation exactly; another seed does not', () => {
    const run = (seed: number) => collect(generateCached(plan, prompt, { temperature: 1, seed, maxTokens: 24 })).map((t) => t.id);
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });

  it('top-k never returns a token outside the k most probable of that step', () => {
    for (const seed of [1, 2, 3]) {
      const tokens = collect(generateCached(plan, prompt, { temperature: 3, topK: 3, seed, maxTokens: 40 }));
      const ranks = tokens.map((t) => ranking(t.distribution).indexOf(t.id));
      for (const rank of ranks) expect(rank).toBeLessThan(3);
      expect(new Set(ranks).size).toBeGreaterThan(1); // a flat temperature really samples, not only the top token
    }
  });

  it('top-p never returns a token outside the nucleus of that step', () => {
    const tokens = collect(generateCached(plan, prompt, { temperature: 1, topP: 0.2, seed: 9, maxTokens: 40 }));
    for (const t of tokens) expect(samplingDistribution(t.distribution, { temperature: 1, topP: 0.2 }).ids).toContain(t.id);
  });

  it('temperature 0 and temperature → 0 both equal greedy (the argmax at every step)', () => {
    const greedy = collect(generateCached(plan, prompt, { temperature: 0, maxTokens: 32 }));
    for (const t of greedy) expect(t.id).toBe(ranking(t.distribution)[0]);
    const cold = collect(generateCached(plan, prompt, { temperature: 1e-9, seed: 77, maxTokens: 32 }));
    expect(cold.map((t) => t.id)).toEqual(greedy.map((t) => t.id));
  });

  it('temperature 1: the first token over 2000 seeds follows the model distribution (each id within 4.5 binomial σ)', () => {
    const n = 2000;
    const counts = new Map<number, number>();
    let distribution: Float32Array | undefined;
    for (let seed = 0; seed < n; seed++) {
      const [first] = collect(generateCached(plan, prompt.slice(0, 3), { temperature: 1, seed, maxTokens: 1 }));
      counts.set(first!.id, (counts.get(first!.id) ?? 0) + 1);
      distribution ??= first!.distribution;
    }
    // A frequency over n draws has standard deviation √(p(1−p)/n): 4.5σ (plus a hair) is a bound a correct sampler
    // breaks about once in 150,000 tokens, while a wrong one (ignoring the temperature, off by one id) breaks it at once.
    distribution!.forEach((p, id) => expect(Math.abs((counts.get(id) ?? 0) / n - p), `token ${id}`).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / n) + 1e-3));
    expect(counts.size).toBeGreaterThan(20); // the untrained model spreads its first guess over many characters
  });
});

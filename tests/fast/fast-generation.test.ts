/**
 * Generation on the fast plan says what generation on the reference plan says: with and without the
 * KV cache, for the decoder-only and the encoder-decoder example, the same tokens and next-token
 * distributions within 1e-5 at every step. The runner keeps what depends only on weights and fixed
 * feeds (the encoder over the source text) from its first run.
 */
import { describe, expect, it } from 'vitest';
import { int64 } from '../../graph-schema/tensor.ts';
import { generate, generateCached, type CachedGenerateOptions } from '../../engine/run/generate.ts';
import { fastPlan } from '../../engine/fast/fuse.ts';
import { createFastRunner } from '../../engine/fast/runner.ts';
import { collect, encode, exampleBoth, idsOf, maxDifference, unwrap } from '../generation/helpers.ts';

const STEPS = 12;

const CASES = [
  { label: 'tiny-gpt', example: 'tiny-gpt', texts: { text: 'the cat sat' }, prompt: 'text' },
  { label: 'encoder-decoder', example: 'encoder-decoder', texts: { source: 'ich sehe den hund .', target: 'i see' }, prompt: 'target' },
] as const;

describe.each(CASES)('$label: fast vs reference generation', ({ example, texts, prompt }) => {
  const plans = exampleBoth(example);
  const { [prompt]: promptIds, ...fixedFeeds } = encode(plans.full, texts);
  const ids = idsOf(promptIds);
  const options: CachedGenerateOptions = { temperature: 1.2, topK: 10, seed: 3, maxTokens: STEPS, fixedFeeds };

  it.each([
    ['without a cache', () => collect(generate(plans.full.plan, ids, options)), () => collect(generate(plans.full.plan, ids, { ...options, reference: true }))],
    ['with the KV cache', () => collect(generateCached(plans.cached.plan, ids, options)), () => collect(generateCached(plans.cached.plan, ids, { ...options, reference: true }))],
  ] as const)('%s: same tokens, distributions within 1e-5', (_label, fast, reference) => {
    const [f, r] = [fast(), reference()];
    expect(f).toHaveLength(STEPS);
    expect(f.map((t) => t.id)).toEqual(r.map((t) => t.id));
    f.forEach((t, step) => expect(maxDifference(t.distribution, r[step]!.distribution), `step ${step}`).toBeLessThan(1e-5));
  });

  it('fuses the decoding plan as fully as the full plan (the cached mask [T, P+T] included)', () => {
    expect(Object.fromEntries(fastPlan(plans.cached.plan).fused)).toEqual(Object.fromEntries(fastPlan(plans.full.plan).fused));
  });

  it('keeps weight-only and fixed-feed values between runs', () => {
    const runner = createFastRunner(plans.full.plan, { fixed: Object.keys(fixedFeeds) });
    const feeds = (n: number) => ({ ...fixedFeeds, [prompt]: int64([1, n], ids.slice(0, n)) });
    unwrap(runner.run(feeds(ids.length)));
    const first = runner.kernelCalls;
    expect(first).toBe(runner.plan.steps.length);
    unwrap(runner.run(feeds(ids.length - 1)));
    expect(runner.kernelCalls).toBeLessThan(first);
    if (Object.keys(fixedFeeds).length > 0) {
      const copied = Object.fromEntries(Object.entries(fixedFeeds).map(([k, t]) => [k, { ...t, data: t.data.slice() }]));
      unwrap(runner.run({ ...copied, [prompt]: promptIds! }));
      expect(runner.kernelCalls, 'new fixed-feed tensors: the kept values are recomputed').toBe(first);
    }
  });
});

/**
 * The KV cache changes how much work a token costs, never what the model says: over 32 generated
 * tokens the cached decoding plan gives the uncached model's next-token distribution at every step
 * (within 1e-5), for the decoder-only and the encoder-decoder example, greedy and sampled.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { int64 } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { generate, generateCached, generationPorts, type CachedGenerateOptions } from '../../engine/run/generate.ts';
import { tokenizersOf } from '../../engine/run/text-feeds.ts';
import { exampleFiles } from '../examples/helpers.ts';
import { createDecoder } from '../../engine/run/kv-cache.ts';
import { createSession } from '../../engine/run/session.ts';
import { collect, encode, exampleBoth, idsOf, loadExample, maxDifference, unwrap } from './helpers.ts';

const STEPS = 32;

const CASES = [
  { label: 'tiny-gpt', example: 'tiny-gpt', texts: { text: 'the cat sat' }, prompt: 'text' },
  { label: 'encoder-decoder', example: 'encoder-decoder', texts: { source: 'ich sehe den hund .', target: 'i see' }, prompt: 'target' },
] as const;

const SAMPLING = [
  { label: 'greedy', options: { temperature: 0 } },
  { label: 'sampled (T=1.3, top-k 20, seed 11)', options: { temperature: 1.3, topK: 20, seed: 11 } },
  { label: 'sampled (T=1, top-p 0.9, seed 5)', options: { temperature: 1, topP: 0.9, seed: 5 } },
] as const;

describe.each(CASES)('$label: cached vs uncached generation', ({ example, texts, prompt }) => {
  const plans = exampleBoth(example);
  const feeds = encode(plans.full, texts);
  const { [prompt]: promptIds, ...fixedFeeds } = feeds;
  const ids = idsOf(promptIds);

  it.each(SAMPLING)('$label: same tokens, distributions within 1e-5 at each of 32 steps', ({ options }) => {
    const all: CachedGenerateOptions = { ...options, maxTokens: STEPS, fixedFeeds };
    const uncached = collect(generate(plans.full.plan, ids, all));
    const cached = collect(generateCached(plans.cached.plan, ids, all));
    expect(uncached).toHaveLength(STEPS);
    expect(cached.map((t) => t.id)).toEqual(uncached.map((t) => t.id));
    cached.forEach((t, step) => {
      expect(maxDifference(t.distribution, uncached[step]!.distribution), `step ${step}`).toBeLessThan(1e-5);
      expect(Math.abs(t.probability - uncached[step]!.probability)).toBeLessThan(1e-5);
    });
  });

  it('feeding the prompt one token per call gives the same distributions as one call', () => {
    const all: CachedGenerateOptions = { temperature: 0, maxTokens: 8, fixedFeeds };
    const whole = collect(generateCached(plans.cached.plan, ids, all));
    const single = collect(generateCached(plans.cached.plan, ids, { ...all, prefill: 'token-by-token' }));
    expect(single.map((t) => t.id)).toEqual(whole.map((t) => t.id));
    single.forEach((t, step) => expect(maxDifference(t.distribution, whole[step]!.distribution)).toBeLessThan(1e-5));
  });

  it('the decoder outputs every prompt position as the full run does, and the cache grows by one per token', () => {
    const decoder = unwrap(createDecoder(plans.cached.plan, { input: prompt, fixedFeeds }));
    const full = unwrap(unwrap(createSession(plans.full.plan, feeds)).run()).probs!;
    const vocab = full.shape[2]!;
    ids.forEach((id, position) => {
      const out = unwrap(decoder.feed([id])).probs!;
      expect([...out.shape]).toEqual([1, 1, vocab]);
      expect(decoder.length).toBe(position + 1);
      expect(maxDifference(out.data, full.data.subarray(position * vocab, (position + 1) * vocab))).toBeLessThan(1e-5);
    });
    const cache = decoder.lastSession!.plan.outputs.find((o) => o.role === 'cache')!;
    expect(decoder.lastSession!.value(cache.value)!.shape[2]).toBe(ids.length);
  });
});

describe('generateCached guards', () => {
  const plans = exampleBoth('tiny-gpt');

  it('refuses a plan compiled without the cache, with a coded diagnostic', () => {
    const [first] = [...generateCached(plans.full.plan, [2, 3], { temperature: 0, maxTokens: 2 })];
    expect(first?.ok).toBe(false);
    if (first && !first.ok) expect(first.diagnostics[0]).toMatchObject({ code: 'FW051' });
  });

  it('an empty prompt is a diagnostic, not an exception', () => {
    const [first] = [...generateCached(plans.cached.plan, [], { temperature: 0, maxTokens: 2 })];
    expect(first?.ok).toBe(false);
    if (first && !first.ok) expect(first.diagnostics[0]!.code).toBe('FW051');
  });

  it('stops after the stop token, like the uncached generation', () => {
    const options = { temperature: 0, maxTokens: 32 };
    const free = collect(generateCached(plans.cached.plan, [2, 3, 4], options));
    const stopToken = free[3]!.id;
    const stopped = collect(generateCached(plans.cached.plan, [2, 3, 4], { ...options, stopToken }));
    const firstStop = free.findIndex((t) => t.id === stopToken);
    expect(stopped.map((t) => t.id)).toEqual(free.slice(0, firstStop + 1).map((t) => t.id));
    expect(collect(generate(plans.full.plan, [2, 3, 4], { ...options, stopToken })).map((t) => t.id)).toEqual(stopped.map((t) => t.id));
  });

  it('running past max_len is a coded diagnostic from the position slice', () => {
    const decoder = unwrap(createDecoder(plans.cached.plan, { input: 'text' }));
    unwrap(decoder.feed(Array.from({ length: 64 }, (_, i) => i % 60)));
    const over = decoder.feed([1]);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.diagnostics[0]).toMatchObject({ code: 'FW051', node: 'pos' });
  });
});

describe('every shipped example that compiles as a decoding plan generates as it does uncached', () => {
  const files = exampleFiles();
  const decodable = files.flatMap((file) => {
    const doc = loadExample(file);
    const cached = compile(doc, standardCatalogue(), { incremental: true });
    const full = compile(doc, standardCatalogue());
    if (!cached.ok || !full.ok) return [];
    const ports = generationPorts(full.value.plan, {});
    const tokenizers = tokenizersOf(full.value.plan, full.value.analysis);
    const inputs = full.value.plan.inputs;
    if (!ports.ok || !tokenizers.ok || inputs.some((io) => !tokenizers.value.has(io.name))) return [];
    const ids = (name: string) => [1, 2, 3].map((i) => i % tokenizers.value.get(name)!.vocabSize);
    const fixedFeeds = Object.fromEntries(inputs.filter((io) => io.name !== ports.value.input).map((io) => [io.name, int64([1, 3], ids(io.name))]));
    return [{ file, full: full.value.plan, cached: cached.value.plan, prompt: ids(ports.value.input), fixedFeeds }];
  });

  it('covers most examples (the ones it skips are reported as FW032 or have no token input)', () => {
    expect(decodable.length).toBeGreaterThanOrEqual(Math.ceil(files.length / 2));
  });

  // Some tour examples are small (max_len 12, an output wider than the embedding): where the uncached
  // generation stops with a diagnostic, the cached one must stop at the same step with the same one.
  it.each(decodable)('$file: 12 sampled tokens, distributions within 1e-5, errors at the same step', ({ full, cached, prompt, fixedFeeds }) => {
    const options = { temperature: 1, seed: 3, maxTokens: 12, fixedFeeds };
    const expected = [...generate(full, prompt, options)];
    const actual = [...generateCached(cached, prompt, options)];
    expect(actual.length).toBe(expected.length);
    actual.forEach((t, step) => {
      const e = expected[step]!;
      if (!e.ok || !t.ok) {
        expect(t.ok ? 'ok' : t.diagnostics.map((d) => `${d.code} ${d.node}`)).toEqual(e.ok ? 'ok' : e.diagnostics.map((d) => `${d.code} ${d.node}`));
        return;
      }
      expect(t.value.id).toBe(e.value.id);
      expect(maxDifference(t.value.distribution, e.value.distribution), `step ${step}`).toBeLessThan(1e-5);
    });
    expect(expected.filter((r) => r.ok).length).toBeGreaterThan(0);
  });
});

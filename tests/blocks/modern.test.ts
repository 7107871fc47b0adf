/**
 * The Llama-style blocks against hand-computed values: RMSNorm of a known row, SwiGLU with hand-set weights,
 * and rotary attention — a known rotation, scores that depend only on the distance between positions, and a
 * KV-cached decoder that gives the uncached model's distributions.
 */
import { describe, expect, it } from 'vitest';
import { float32 } from '../../graph-schema/tensor.ts';
import { generate, generateCached } from '../../engine/run/generate.ts';
import { collect, compileBoth, encode, idsOf, loadExample, maxDifference } from '../generation/helpers.ts';
import { at, edge, graph, node, runDoc } from './helpers.ts';

describe('RMSNorm', () => {
  it('divides [3, 4] by its root mean square √12.5 and applies the gain', () => {
    const doc = graph(
      [node('x', 'TestTensor', { shape: '1,1,2' }), node('norm', 'RMSNorm', { eps: 1e-6 }), node('out', 'Output')],
      [edge('x', 'out', 'norm', 'x'), edge('norm', 'y', 'out', 'x')],
      { weights: { 'norm.gamma': { shape: [2], data: [1, 2] } } },
    );
    const { outputs } = runDoc(doc, { x: float32([1, 1, 2], [3, 4]) });
    const rms = Math.sqrt(12.5 + 1e-6);
    expect(at(outputs.out!, 0, 0, 0)).toBeCloseTo(3 / rms, 6);
    expect(at(outputs.out!, 0, 0, 1)).toBeCloseTo((2 * 4) / rms, 6);
  });
});

describe('SwiGLU', () => {
  it('computes (SiLU(x·W_gate) ⊙ x·W_up)·W_down', () => {
    const doc = graph(
      [node('x', 'TestTensor', { shape: '1,1,1' }), node('ff', 'SwiGLU', { d_ff: 1 }), node('out', 'Output')],
      [edge('x', 'out', 'ff', 'x'), edge('ff', 'y', 'out', 'x')],
      { weights: { 'ff.W_gate': { shape: [1, 1], data: [1] }, 'ff.W_up': { shape: [1, 1], data: [3] }, 'ff.W_down': { shape: [1, 1], data: [0.5] } } },
    );
    const { outputs } = runDoc(doc, { x: float32([1, 1, 1], [2]) });
    const silu = 2 / (1 + Math.exp(-2)); // 2·σ(2)
    expect(outputs.out!.data[0]).toBeCloseTo(silu * 6 * 0.5, 5);
  });
});

/** One rotary attention head over a sequence, weights hand-set to the identity. */
function rotaryHead(values: number[], causal: boolean) {
  const T = values.length / 2;
  const eye = { shape: [2, 2], data: [1, 0, 0, 1] };
  const doc = graph(
    [node('x', 'TestTensor', { shape: `1,${T},2` }), node('head', 'AttentionHead', { d_head: 2, causal, positional: 'rotary', rotary_base: 10000 }), node('out', 'Output')],
    [edge('x', 'out', 'head', 'x'), edge('head', 'y', 'out', 'x')],
    { weights: { 'head.W_q': eye, 'head.W_k': eye, 'head.W_v': eye } },
  );
  return runDoc(doc, { x: float32([1, T, 2], values) }).session.blockRun('head')!;
}

describe('rotary position embedding', () => {
  it('turns the pair at position p by p radians (base^0 = 1 for the only pair of a 2-wide head)', () => {
    const run = rotaryHead([1, 0, 1, 0, 0, 1], false);
    const q = run.intermediates.q!; // [1, 3, 2]
    expect(at(q, 0, 0, 0)).toBeCloseTo(1, 6);
    expect(at(q, 0, 1, 0)).toBeCloseTo(Math.cos(1), 6);
    expect(at(q, 0, 1, 1)).toBeCloseTo(Math.sin(1), 6);
    expect(at(q, 0, 2, 0)).toBeCloseTo(-Math.sin(2), 6); // (0, 1) turned by 2 rad
    expect(at(q, 0, 2, 1)).toBeCloseTo(Math.cos(2), 6);
  });

  it('gives the same token the same score at the same distance, wherever it stands', () => {
    const run = rotaryHead([0.6, 0.8, 0.6, 0.8, 0.6, 0.8, 0.6, 0.8], false);
    const scores = run.intermediates.scores!; // [1, 4, 4]
    for (const d of [-2, -1, 1, 2]) {
      const pairs = [0, 1, 2, 3].filter((i) => i + d >= 0 && i + d < 4).map((i) => at(scores, 0, i, i + d));
      for (const s of pairs) expect(s).toBeCloseTo(pairs[0]!, 5);
    }
    expect(at(scores, 0, 0, 1)).not.toBeCloseTo(at(scores, 0, 0, 0), 3);
  });

  it('decodes with a KV cache exactly as without one (tiny-gpt with rotary attention, 12 tokens)', () => {
    const doc = loadExample('tiny-gpt.formwork.json');
    const attn = doc.subgraphs!['decoder_layer']!.nodes.find((n) => n.block === 'MultiHeadAttention')!;
    const rotary = { ...doc, subgraphs: { ...doc.subgraphs, decoder_layer: { ...doc.subgraphs!['decoder_layer']!, nodes: doc.subgraphs!['decoder_layer']!.nodes.map((n) => (n === attn ? { ...n, params: { ...n.params, positional: 'rotary' } } : n)) } } };
    const plans = compileBoth(rotary);
    const ids = idsOf(encode(plans.full, { text: 'the cat sat' }).text);
    const uncached = collect(generate(plans.full.plan, ids, { temperature: 0, maxTokens: 12 }));
    const cached = collect(generateCached(plans.cached.plan, ids, { temperature: 0, maxTokens: 12 }));
    expect(cached.map((t) => t.id)).toEqual(uncached.map((t) => t.id));
    cached.forEach((t, i) => expect(maxDifference(t.distribution, uncached[i]!.distribution), `token ${i}`).toBeLessThan(1e-5));
  });
});

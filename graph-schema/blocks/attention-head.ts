import { defineBlock, type Value } from '../block.ts';
import { matmul } from '../ops.ts';
import { scaledDotProduct, selfAttentionCache } from './attention-math.ts';
import { checkRotary, rotary, ROTARY_PARAMS } from './rotary.ts';

export const AttentionHead = defineBlock({
  id: 'AttentionHead',
  version: 1,
  title: 'Attention head',
  category: 'attention',
  summary: 'One head of self-attention: each position takes a weighted mix of the others\' values.',
  doc:
    'Every position projects itself into a query (what it is looking for), a key (what it offers) and a value (what ' +
    'it passes on). Query·key similarities, divided by √d_head, become a softmax pattern over positions, and the ' +
    'output is that pattern\'s mix of values. This is the article\'s selective masking turned into a differentiable ' +
    'lookup. With causal on, positions only see themselves and earlier ones. With positional: rotary, queries and ' +
    'keys are rotated by their position (RoPE), so the pattern depends on how far apart two tokens are.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'token vectors' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['B', 'T', 'd_head'], doc: 'attended values' }],
  params: {
    d_head: { kind: 'int', default: 16, min: 1, max: 1 << 14, help: 'width of the queries, keys and values' },
    causal: { kind: 'bool', default: true, help: 'hide later positions (decoder / language model)' },
    ...ROTARY_PARAMS,
  },
  weights: () => [
    { name: 'W_q', shape: ['d_model', 'd_head'], init: { kind: 'xavier' }, doc: 'query projection [d_model, d_head]' },
    { name: 'W_k', shape: ['d_model', 'd_head'], init: { kind: 'xavier' }, doc: 'key projection [d_model, d_head]' },
    { name: 'W_v', shape: ['d_model', 'd_head'], init: { kind: 'xavier' }, doc: 'value projection [d_model, d_head]' },
  ],
  check: ({ params }) => checkRotary(params.positional, params.d_head, 'positional'),
  lower: (b, { inputs, params, weights, incremental }) => {
    const x = inputs.x!; // [B, T, d_model]
    const cache = selfAttentionCache(incremental, params.causal); // decoding plan: keys and values of earlier calls
    // Cached: [B, P, d_head] from earlier calls ++ [B, T, d_head] new → [B, P+T, d_head]
    const keep = (name: string, fresh: Value) => (cache ? cache.extend(name, fresh, 1, ['B', 'P', params.d_head]) : fresh);
    const turn = rotary(b, { positional: params.positional, base: params.rotary_base }, 3, params.d_head, cache); // RoPE, if on
    const q = b.expose('q', turn(matmul(b, x, weights.W_q!))); // [B, T, d_head]
    const k = b.expose('k', keep('k', turn(matmul(b, x, weights.W_k!)))); // [B, T, d_head] (cached: [B, P+T, d_head])
    const v = b.expose('v', keep('v', matmul(b, x, weights.W_v!))); // [B, T, d_head] (cached: [B, P+T, d_head])
    const options = { rank: 3, dHead: params.d_head, causal: params.causal, cached: cache !== undefined };
    const output = scaledDotProduct(b, q, k, v, options); // [B, T, d_head]
    return { y: b.expose('output', output) };
  },
  intermediates: ['q', 'k', 'v', 'scores', 'masked_scores', 'pattern', 'output'],
});

import { defineBlock } from '../block.ts';
import { fixedDim } from '../ops.ts';
import { checkHeads, multiHeadAttention, multiHeadIntermediates, multiHeadWeights, selfAttentionCache } from './attention-math.ts';
import { checkRotary, ROTARY_PARAMS } from './rotary.ts';

export const MultiHeadAttention = defineBlock({
  id: 'MultiHeadAttention',
  version: 1,
  title: 'Multi-head attention',
  category: 'attention',
  summary: 'Several attention heads side by side, each on its own slice of d_model, mixed by an output projection.',
  doc:
    'Runs `heads` attention heads at once. The projected queries, keys and values are cut into heads slices of ' +
    'd_model / heads features; each head builds its own pattern over positions, so one head can follow the previous ' +
    'word while another follows the subject of the sentence. The heads\' results are laid side by side again and ' +
    'mixed by a final d_model × d_model projection. Causal hides later positions, as a decoder needs. With ' +
    'positional: rotary, queries and keys are rotated by their position (RoPE), so no positional encoding block is needed.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'token vectors' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'attended token vectors' }],
  params: {
    heads: { kind: 'int', default: 4, min: 1, max: 1024, help: 'number of heads; must divide d_model' },
    causal: { kind: 'bool', default: true, help: 'hide later positions (decoder / language model)' },
    bias: { kind: 'bool', default: false, help: 'add learned biases to the four projections' },
    ...ROTARY_PARAMS,
  },
  weights: (p) => multiHeadWeights(p.bias),
  check: ({ params, dims }) => {
    const heads = checkHeads(dims, params.heads);
    return heads.length > 0 ? heads : checkRotary(params.positional, (dims.d_model as number) / params.heads, 'positional');
  },
  lower: (b, { inputs, params, weights, dims, incremental }) => {
    const x = inputs.x!; // [B, T, d_model]
    const cache = selfAttentionCache(incremental, params.causal); // decoding plan: keys and values of earlier calls
    const rotary = { positional: params.positional, base: params.rotary_base };
    const options = { heads: params.heads, dModel: fixedDim(dims, 'd_model'), causal: params.causal, cache, rotary };
    return { y: multiHeadAttention(b, x, x, weights, options) }; // [B, T, d_model]
  },
  intermediates: multiHeadIntermediates(true),
});

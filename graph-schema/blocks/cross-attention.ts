import { defineBlock } from '../block.ts';
import { fixedDim } from '../ops.ts';
import { checkHeads, multiHeadAttention, multiHeadIntermediates, multiHeadWeights } from './attention-math.ts';

export const CrossAttention = defineBlock({
  id: 'CrossAttention',
  version: 1,
  title: 'Cross-attention',
  category: 'attention',
  summary: 'Multi-head attention where the decoder asks and the encoder\'s output answers.',
  doc:
    'The bridge between the two halves of an encoder-decoder transformer. Queries come from the decoder\'s tokens x, ' +
    'while keys and values come from memory, the encoder\'s output for the source sequence, which may have a ' +
    'different length S. Every target position may look at every source position, so there is no causal mask.',
  inputs: [
    { name: 'x', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'decoder token vectors (queries)' },
    { name: 'memory', dtype: 'float32', shape: ['B', 'S', 'd_model'], doc: 'encoder output (keys and values)' },
  ],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'target positions informed by the source' }],
  params: {
    heads: { kind: 'int', default: 4, min: 1, max: 1024, help: 'number of heads; must divide d_model' },
    bias: { kind: 'bool', default: false, help: 'add learned biases to the four projections' },
  },
  weights: (p) => multiHeadWeights(p.bias),
  check: ({ params, dims }) => checkHeads(dims, params.heads),
  lower: (b, { inputs, params, weights, dims }) => {
    const options = { heads: params.heads, dModel: fixedDim(dims, 'd_model'), causal: false };
    return { y: multiHeadAttention(b, inputs.x!, inputs.memory!, weights, options) }; // [B, T, d_model]
  },
  intermediates: multiHeadIntermediates(false),
});

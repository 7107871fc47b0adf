import { defineBlock } from '../block.ts';
import { dense, gelu, relu } from '../ops.ts';

export const FeedForward = defineBlock({
  id: 'FeedForward',
  version: 1,
  title: 'Feed-forward',
  category: 'layers',
  summary: 'Two dense layers with a non-linearity between them, applied to each token separately.',
  doc:
    'Widens each token vector to d_ff features, passes them through ReLU or GELU, and projects back to d_model. ' +
    'Attention mixes information between positions; this block then works on every position on its own, which is ' +
    'where most of a transformer\'s parameters, and much of what it learns about individual tokens, live.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...', 'd_model'], doc: 'token vectors' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...', 'd_model'], doc: 'transformed token vectors' }],
  params: {
    d_ff: { kind: 'int', default: 128, min: 1, max: 1 << 16, help: 'width of the hidden layer (often 4 × d_model)' },
    activation: { kind: 'enum', options: ['relu', 'gelu'], default: 'relu', help: 'non-linearity between the two layers' },
  },
  weights: () => [
    { name: 'W1', shape: ['d_model', 'd_ff'], init: { kind: 'xavier' }, doc: 'first layer [d_model, d_ff]' },
    { name: 'b1', shape: ['d_ff'], init: { kind: 'zeros' }, doc: 'first bias [d_ff]' },
    { name: 'W2', shape: ['d_ff', 'd_model'], init: { kind: 'xavier' }, doc: 'second layer [d_ff, d_model]' },
    { name: 'b2', shape: ['d_model'], init: { kind: 'zeros' }, doc: 'second bias [d_model]' },
  ],
  lower: (b, { inputs, params, weights }) => {
    const widened = dense(b, inputs.x!, weights.W1!, weights.b1); // [..., d_ff]
    const hidden = b.expose('hidden', params.activation === 'gelu' ? gelu(b, widened) : relu(b, widened)); // [..., d_ff]
    return { y: dense(b, hidden, weights.W2!, weights.b2) }; // [..., d_model]
  },
  intermediates: ['hidden'],
});

import { defineBlock } from '../block.ts';
import { softmax } from '../ops.ts';

export const Softmax = defineBlock({
  id: 'Softmax',
  version: 1,
  title: 'Softmax',
  category: 'math',
  summary: 'Turns scores on the last axis into probabilities that sum to 1.',
  doc:
    'Exponentiates each score and divides by the sum along the last axis, so every row becomes a probability ' +
    'distribution. The largest scores get most of the mass ("thins the field near the top"), yet the function stays ' +
    'differentiable, which is why it sits after the de-embedding and inside every attention head.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...', 'N'], doc: 'scores (logits)' }],
  outputs: [{ name: 'probs', dtype: 'float32', shape: ['...', 'N'], doc: 'probabilities along the last axis' }],
  params: {},
  lower: (b, { inputs }) => ({ probs: softmax(b, inputs.x!, -1) }), // [..., N]
});

import { defineBlock } from '../block.ts';
import { dense } from '../ops.ts';

export const Linear = defineBlock({
  id: 'Linear',
  version: 1,
  title: 'Linear',
  category: 'layers',
  summary: 'Multiplies the last axis by a learned matrix, plus an optional bias.',
  doc:
    'A fully connected layer: every output feature is a weighted sum of the input features, plus a bias. In the ' +
    'article this is "matrix multiplication as a lookup" when the input is one-hot, and the feature-building layer ' +
    'in front of the ReLU when it is not. Set the weights by hand in the graph file to reproduce the article\'s tables.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...', 'in_features'], doc: 'features on the last axis' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...', 'out_features'], doc: 'transformed features' }],
  params: {
    out_features: { kind: 'int', default: 32, min: 1, max: 1 << 20, help: 'size of the output feature axis' },
    bias: { kind: 'bool', default: true, help: 'add a learned bias vector' },
  },
  weights: (p) => [
    { name: 'W', shape: ['in_features', 'out_features'], init: { kind: 'xavier' }, doc: 'weight matrix [in, out]' },
    ...(p.bias ? [{ name: 'b', shape: ['out_features'], init: { kind: 'zeros' }, doc: 'bias [out]' } as const] : []),
  ],
  roles: { outputs: 'out_features', bias: 'bias' },
  lower: (b, { inputs, weights }) => ({ y: dense(b, inputs.x!, weights.W!, weights.b) }), // [..., out]
});

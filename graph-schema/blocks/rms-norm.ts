import { defineBlock } from '../block.ts';
import { add, div, mul, reduceMean, scalar, sqrt } from '../ops.ts';

export const RMSNorm = defineBlock({
  id: 'RMSNorm',
  version: 1,
  title: 'RMS norm',
  category: 'layers',
  summary: 'Divides each vector by its root mean square, then applies a learned per-feature scale.',
  doc:
    'A lighter layer norm used by Llama-style models: for every token separately, the d_model values are divided by ' +
    'the square root of their mean square (plus eps), without subtracting the mean first, and multiplied by a learned ' +
    'gain per feature. It keeps each layer\'s signal at a steady size at a little less cost than layer norm.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...', 'd_model'], doc: 'vectors on the last axis' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...', 'd_model'], doc: 'normalised vectors' }],
  params: {
    eps: { kind: 'float', default: 1e-6, min: 1e-12, max: 1, help: 'added to the mean square before the square root' },
  },
  weights: () => [{ name: 'gamma', shape: ['d_model'], init: { kind: 'ones' }, doc: 'per-feature gain [d_model]' }],
  lower: (b, { inputs, params, weights }) => {
    const x = inputs.x!; // [..., d_model]
    const squares = b.op('Pow', [x, scalar(b, 2)], {}); // [..., d_model]
    const meanSquare = b.expose('mean_square', reduceMean(b, squares, [-1])); // [..., 1]
    const rms = sqrt(b, add(b, meanSquare, scalar(b, params.eps))); // [..., 1]
    return { y: mul(b, div(b, x, rms), weights.gamma!) }; // [..., d_model]
  },
  intermediates: ['mean_square'],
});

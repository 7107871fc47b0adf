import { defineBlock } from '../block.ts';
import { add, div, mul, reduceMean, scalar, sqrt, sub } from '../ops.ts';

export const LayerNorm = defineBlock({
  id: 'LayerNorm',
  version: 1,
  title: 'Layer norm',
  category: 'layers',
  summary: 'Rescales each vector to mean 0 and standard deviation 1, then applies a learned scale and shift.',
  doc:
    'For every token separately, subtracts the mean of its d_model values and divides by their standard deviation ' +
    '(the plain average of squared deviations, plus eps so a constant row does not divide by zero). A learned gain ' +
    'and bias per feature follow. Keeping every layer\'s signal in the same range is what lets deep stacks train.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...', 'd_model'], doc: 'vectors on the last axis' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...', 'd_model'], doc: 'normalised vectors' }],
  params: {
    eps: { kind: 'float', default: 1e-5, min: 1e-12, max: 1, help: 'added to the variance before the square root' },
  },
  weights: () => [
    { name: 'gamma', shape: ['d_model'], init: { kind: 'ones' }, doc: 'per-feature gain [d_model]' },
    { name: 'beta', shape: ['d_model'], init: { kind: 'zeros' }, doc: 'per-feature shift [d_model]' },
  ],
  lower: (b, { inputs, params, weights }) => {
    const x = inputs.x!; // [..., d_model]
    const mean = b.expose('mean', reduceMean(b, x, [-1])); // [..., 1]
    const centred = sub(b, x, mean); // [..., d_model]
    const variance = b.expose('variance', reduceMean(b, mul(b, centred, centred), [-1])); // [..., 1], biased
    const normalised = div(b, centred, sqrt(b, add(b, variance, scalar(b, params.eps)))); // [..., d_model]
    return { y: add(b, mul(b, normalised, weights.gamma!), weights.beta!) }; // [..., d_model]
  },
  intermediates: ['mean', 'variance'],
});

import { defineBlock } from '../block.ts';
import { gelu } from '../ops.ts';

export const GELU = defineBlock({
  id: 'GELU',
  version: 1,
  title: 'GELU',
  category: 'layers',
  summary: 'A smooth ReLU: x times the probability that a standard normal is below x.',
  doc:
    'The Gaussian error linear unit, x·Φ(x) = 0.5·x·(1 + erf(x/√2)). Large positive inputs pass almost unchanged, large ' +
    'negative ones go to zero, and in between the curve bends smoothly (dipping slightly below zero) instead of ' +
    'having ReLU\'s corner. This is the exact form, the same as PyTorch\'s default, not the tanh approximation.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...'], doc: 'any tensor' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...'], doc: 'GELU(x)' }],
  params: {},
  lower: (b, { inputs }) => ({ y: gelu(b, inputs.x!) }), // same shape as x
});

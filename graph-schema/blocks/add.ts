import { defineBlock } from '../block.ts';
import { add } from '../ops.ts';

export const Add = defineBlock({
  id: 'Add',
  version: 1,
  title: 'Add (skip connection)',
  category: 'math',
  summary: 'Adds two tensors of the same shape: the skip connection.',
  doc:
    'Element-wise sum of two tensors with identical shapes. Wired around a block it becomes a skip connection: the ' +
    'block only has to learn a correction to its input, the original signal travels on untouched, and gradients ' +
    'have a short path back through many layers.',
  inputs: [
    { name: 'a', dtype: 'float32', shape: ['...'], doc: 'first tensor' },
    { name: 'b', dtype: 'float32', shape: ['...'], doc: 'second tensor, same shape as a' },
  ],
  outputs: [{ name: 'sum', dtype: 'float32', shape: ['...'], doc: 'a + b' }],
  params: {},
  lower: (b, { inputs }) => ({ sum: add(b, inputs.a!, inputs.b!) }),
});

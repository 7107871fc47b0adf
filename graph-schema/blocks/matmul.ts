import { defineBlock } from '../block.ts';
import { matmul } from '../ops.ts';

export const MatMul = defineBlock({
  id: 'MatMul',
  version: 1,
  title: 'Matrix multiply',
  category: 'math',
  summary: 'Multiplies two tensors as matrices over their last two axes.',
  doc:
    'Each entry of the result is the dot product of a row of a with a column of b. With a one-hot row on the left ' +
    'this is the article\'s lookup: it pulls one row out of b. Leading axes (batch, heads) must match and are carried ' +
    'through, so the same block multiplies a whole stack of matrices at once.',
  inputs: [
    { name: 'a', dtype: 'float32', shape: ['...', 'M', 'K'], doc: 'left matrices [..., M, K]' },
    { name: 'b', dtype: 'float32', shape: ['...', 'K', 'N'], doc: 'right matrices [..., K, N]' },
  ],
  outputs: [{ name: 'product', dtype: 'float32', shape: ['...', 'M', 'N'], doc: 'a·b [..., M, N]' }],
  params: {},
  lower: (b, { inputs }) => ({ product: matmul(b, inputs.a!, inputs.b!) }), // [..., M, N]
});

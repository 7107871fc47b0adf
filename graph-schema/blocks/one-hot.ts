import { defineBlock } from '../block.ts';

export const OneHot = defineBlock({
  id: 'OneHot',
  version: 1,
  title: 'One-hot',
  category: 'encoding',
  summary: 'Turns each token id into a vector of zeros with a single 1 at that id.',
  doc:
    'The article\'s first step: a word becomes a row as long as the vocabulary, all zeros except a 1 in the column ' +
    'of that word. Two such rows have a dot product of 1 when they are the same word and 0 otherwise, and a one-hot ' +
    'row times a matrix simply picks out one row of the matrix. Ids outside 0…depth−1 give an all-zero row.',
  inputs: [{ name: 'ids', dtype: 'int64', shape: ['B', 'T'], doc: 'token ids' }],
  outputs: [{ name: 'onehot', dtype: 'float32', shape: ['B', 'T', 'depth'], doc: 'one row per token, a single 1 in it' }],
  params: {
    depth: { kind: 'int', default: 16, min: 1, max: 1 << 16, help: 'length of each one-hot row: the vocabulary size' },
  },
  roles: { vocabulary: 'depth' },
  features: 'token',
  lower: (b, { inputs, params }) => ({ onehot: b.op('OneHot', [inputs.ids!], { depth: params.depth }) }), // [B, T, depth]
});

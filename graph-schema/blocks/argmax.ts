import { defineBlock } from '../block.ts';

export const Argmax = defineBlock({
  id: 'Argmax',
  version: 1,
  title: 'Argmax',
  category: 'output',
  summary: 'The index of the largest value on the last axis: greedy choice of the next token.',
  doc:
    'Picks, for every position, the position on the last axis holding the largest score; on ties the first one wins. ' +
    'After a de-embedding this is greedy decoding, the article\'s way of completing a sequence by always taking the ' +
    'most likely next word. The result is token ids, not probabilities.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...', 'N'], doc: 'scores or probabilities' }],
  outputs: [{ name: 'ids', dtype: 'int64', shape: ['...'], doc: 'index of the largest entry' }],
  params: {},
  lower: (b, { inputs }) => ({ ids: b.op('ArgMax', [inputs.x!], { axis: -1, keepdims: false }) }), // [...]
});

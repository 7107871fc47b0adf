import { defineBlock } from '../block.ts';
import { relu } from '../ops.ts';

export const ReLU = defineBlock({
  id: 'ReLU',
  version: 1,
  title: 'ReLU',
  category: 'layers',
  summary: 'Keeps positive values and replaces negative ones with 0.',
  doc:
    'The rectified linear unit: max(0, x) element by element. In the article it cleans up the feature layer, turning ' +
    'a −1 vote (a word pair that is not present) into 0 so only real features remain. It is also the classic ' +
    'non-linearity between the two layers of a feed-forward block.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...'], doc: 'any tensor' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...'], doc: 'max(0, x)' }],
  params: {},
  lower: (b, { inputs }) => ({ y: relu(b, inputs.x!) }), // same shape as x
});

import { defineBlock } from '../block.ts';
import { mul, scalar } from '../ops.ts';

export const Scale = defineBlock({
  id: 'Scale',
  version: 1,
  title: 'Scale',
  category: 'math',
  summary: 'Multiplies every element by a fixed number.',
  doc:
    'Multiplies the whole tensor by one constant. Attention uses this to divide its scores by √d so they do not grow ' +
    'with the width and push the softmax into a corner where its gradients vanish; it is also handy for temperature.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...'], doc: 'any tensor' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...'], doc: 'factor · x' }],
  params: {
    factor: { kind: 'float', default: 1, min: -1e6, max: 1e6, help: 'the number every element is multiplied by' },
  },
  lower: (b, { inputs, params }) => ({ y: mul(b, inputs.x!, scalar(b, params.factor)) }), // same shape as x
});

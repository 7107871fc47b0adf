import { defineBlock } from '../block.ts';

export const Output = defineBlock({
  id: 'Output',
  version: 1,
  title: 'Output',
  category: 'output',
  role: 'output',
  summary: 'Marks a tensor as a model output, named after this node.',
  doc:
    'Whatever reaches this block becomes one of the model\'s outputs: what `formwork run` prints, what the ONNX ' +
    'export exposes and what sequence completion reads its next-token probabilities from. Name the node after what ' +
    'it carries (probs, logits).',
  inputs: [{ name: 'x', dtype: 'any', shape: ['...'], doc: 'the tensor to output' }],
  outputs: [],
  params: {},
  lower: (b, { inputs }) => {
    b.graphOutput(inputs.x!);
    return {};
  },
});

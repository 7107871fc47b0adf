import { defineBlock } from '../block.ts';
import { mul } from '../ops.ts';

export const FeatureMask = defineBlock({
  id: 'FeatureMask',
  version: 1,
  title: 'Feature mask',
  category: 'attention',
  summary: 'Multiplies every feature by its own weight: 1 lets it through, 0 silences it.',
  doc:
    'The article\'s masking step, the idea attention grows out of. Each feature on the last axis is multiplied by one ' +
    'number from a vector as long as that axis; a 0 removes the feature\'s votes entirely and a 1 keeps them, so ' +
    'uninformative features stop drowning out the few that decide. The vector starts as all ones (nothing masked); set ' +
    'it by hand in the graph file, or let training learn it.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...', 'features'], doc: 'features on the last axis' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...', 'features'], doc: 'each feature times its mask value' }],
  params: {},
  weights: () => [{ name: 'keep', shape: ['features'], init: { kind: 'ones' }, doc: 'one multiplier per feature [features]' }],
  features: 'kept',
  lower: (b, { inputs, weights }) => ({ y: mul(b, inputs.x!, weights.keep!) }), // [..., features]
});

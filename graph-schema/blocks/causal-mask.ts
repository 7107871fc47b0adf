import { defineBlock } from '../block.ts';
import { causalMask } from './attention-math.ts';
import { add } from '../ops.ts';

export const CausalMask = defineBlock({
  id: 'CausalMask',
  version: 1,
  title: 'Causal mask',
  category: 'attention',
  summary: 'Hides future positions from attention scores by setting them to −∞.',
  doc:
    'When a model predicts the next token it must not peek at the tokens that come after. This block sets every ' +
    'score above the diagonal (row = the position asking, column = a later position) to minus infinity, so a softmax ' +
    'afterwards gives those positions exactly zero weight. The mask is built from the scores\' own size when the ' +
    'model runs, so it works for any sequence length.',
  inputs: [{ name: 'scores', dtype: 'float32', shape: ['...', 'T', 'T'], doc: 'attention scores [..., T, T]' }],
  outputs: [{ name: 'masked', dtype: 'float32', shape: ['...', 'T', 'T'], doc: 'scores with the future set to −∞' }],
  params: {},
  lower: (b, { inputs }) => {
    const mask = b.expose('mask', causalMask(b, inputs.scores!)); // [T, T]
    return { masked: add(b, inputs.scores!, mask) }; // [..., T, T]
  },
  intermediates: ['mask'],
});

import { defineBlock } from '../block.ts';
import { mixPositions, pairFeatures, positionMatrix } from './word-pairs.ts';

export const PairOneHot = defineBlock({
  id: 'PairOneHot',
  version: 1,
  title: 'Pair one-hot',
  category: 'encoding',
  summary: 'Turns each token and the one before it into a single one-hot row over all N² word pairs.',
  doc:
    'The input of the article\'s second-order sequence model. Instead of one row per word, every position gets a row ' +
    'with a column for each possible (previous word, current word) pair, N × N columns in all, and a single 1 in the ' +
    'column of the pair that actually occurs: previous · N + current. Multiplying by a transition table with N² rows ' +
    'then looks up what follows those two words. The first position has no previous word, so its row is all zeros.',
  inputs: [{ name: 'ids', dtype: 'int64', shape: ['B', 'T'], doc: 'token ids in 0…depth−1' }],
  outputs: [{ name: 'pairs', dtype: 'float32', shape: ['B', 'T', 'pairs'], doc: 'one row per token, a single 1 in the column of its pair' }],
  params: {
    depth: { kind: 'int', default: 16, min: 1, max: 1024, help: 'vocabulary size N; rows have N² columns' },
  },
  shape: ({ params }) => ({ pairs: { dtype: 'float32', shape: ['B', 'T', params.depth * params.depth] } }),
  roles: { vocabulary: 'depth' },
  features: 'token-pair',
  lower: (b, { inputs, params }) => {
    const ids = inputs.ids!; // [B, T]
    const current = b.expose('current', b.op('OneHot', [ids], { depth: params.depth })); // [B, T, N]
    const previous = b.expose('previous', mixPositions(b, positionMatrix(b, ids, 1), current)); // [B, T, N], row 0 all zeros
    return { pairs: pairFeatures(b, previous, current, params.depth) }; // [B, T, N²]
  },
  intermediates: ['current', 'previous'],
});

import { defineBlock } from '../block.ts';
import { relu, scalar, sub } from '../ops.ts';
import { mixPositions, pairFeatures, positionMatrix } from './word-pairs.ts';

export const SkipPairFeatures = defineBlock({
  id: 'SkipPairFeatures',
  version: 1,
  title: 'Skip-pair features',
  category: 'encoding',
  summary: 'For each token, marks every (earlier word, current word) pair in an N²-wide row.',
  doc:
    'The input of the article\'s second-order model with skips. At every position the current word is paired with ' +
    'each different word that appeared anywhere before it, not only with its neighbour, and the row gets a 1 in the ' +
    'column earlier · N + current of each such pair (a word seen twice still counts once). Multiplied by a vote table ' +
    'with N² rows, every present pair casts its votes for the next word and the votes add up; a feature mask in ' +
    'between decides which pairs may vote.',
  inputs: [{ name: 'ids', dtype: 'int64', shape: ['B', 'T'], doc: 'token ids in 0…depth−1' }],
  outputs: [{ name: 'pairs', dtype: 'float32', shape: ['B', 'T', 'pairs'], doc: 'one row per token, a 1 for each (earlier, current) pair present' }],
  params: {
    depth: { kind: 'int', default: 16, min: 1, max: 1024, help: 'vocabulary size N; rows have N² columns' },
  },
  shape: ({ params }) => ({ pairs: { dtype: 'float32', shape: ['B', 'T', params.depth * params.depth] } }),
  roles: { vocabulary: 'depth' },
  features: 'skip-pair',
  lower: (b, { inputs, params }) => {
    const ids = inputs.ids!; // [B, T]
    const current = b.expose('current', b.op('OneHot', [ids], { depth: params.depth })); // [B, T, N]
    const counts = mixPositions(b, positionMatrix(b, ids, 'all'), current); // [B, T, N]: times each word came before
    // min(count, 1) = count − relu(count − 1): whether each word came before at all.
    const earlier = b.expose('earlier', sub(b, counts, relu(b, sub(b, counts, scalar(b, 1))))); // [B, T, N]
    return { pairs: pairFeatures(b, earlier, current, params.depth) }; // [B, T, N²]
  },
  intermediates: ['current', 'earlier'],
});
